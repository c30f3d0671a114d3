"""What a community tells the rest of the site; other apps (social/) listen, this package imports none of them."""

from django.dispatch import Signal

# Sent once a community moderator has answered a pending request to join.
# Arguments: community, member, accepted (bool), moderator.
membership_request_answered = Signal()
