"""What organizers do between demo days: announce the next one (``announce``, with its
e-mail and Slack forms), chase what is missing (``status``), and keep track of what was
announced so that later changes show (``changes``, ``record``)."""

#: What ``showcase announce`` and ``showcase status`` write, and after how many days a
#: talk without slides or a recording is chased: here, so that the command line lists
#: them without loading what writes them.
ANNOUNCE_FORMATS = ("markdown", "email", "slack")
STATUS_FORMATS = ("text", "json", "github")
DEFAULT_DAYS = 7
