"""What organizers do between demo days: announce the next one (``announce``, with its
e-mail and Slack forms), chase what is missing (``status``), and keep track of what was
announced so that later changes show (``changes``, ``record``)."""
