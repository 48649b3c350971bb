"""Two-way sync of an events file with a CalDAV calendar (``timeline sync``).

``remotes`` (the config file's remotes and their passwords), ``state`` (what the
last sync saw), ``plan`` (what to do with each event: pure), ``resources`` (events
↔ calendar resources), ``client`` (the only importer of caldav), ``apply`` (doing
it in an order a kill cannot spoil), ``local`` (the pulled changes written to the
events file). Only ``remotes`` is imported outside a sync.
"""
