"""Front-door services: every change to a contact's front-door work, one function each.

lifecycle: stages, allocation, escalation, chronology, locking (optimistic concurrency)
rag:       ratings, timescales, the clock and its pauses
decisions: proposal, authorisation (never one's own), referral and s42 records, feedback
notes:     case direction and notes
requests, consent, thresholds, breaches: see their modules
"""
