def axes_username(request, credentials=None) -> str:
    """The account a sign-in attempt names, however allauth or the admin passed it."""
    credentials = credentials or {}
    for key in ("email", "username", "login"):
        value = credentials.get(key)
        if value:
            return str(value).strip().lower()
    if request is not None:
        for key in ("login", "username", "email"):
            value = request.POST.get(key)
            if value:
                return str(value).strip().lower()
    return ""
