"""Front-door reads, one module per area (the access gates are in permissions.py).

contact:  the contact page's front-door sections: clocks, actions, decisions, notes,
          involvement, chronology
queue:    the MASH queue, continuity suggestions, the breach list
requests: the agency inbox, a contact's requests, the response-time report
"""
