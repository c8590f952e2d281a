"""Front-door forms, one module per area (as views/ and apis/). Forms parse what a person typed;
the services check every rule again.

contact:    the lead's pages: screening and RAG, escalation, clock pauses, decisions,
            authorisation, notes, closing
queue:      the queue's filters, taking and assigning, the breach list's filters
requests, consent, thresholds: see their modules
"""
