from accounts.roles import user_role_keys
from kit.hooks import main_menu


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"main_menu": [], "user_roles": set()}
    return {"main_menu": main_menu(request), "user_roles": user_role_keys(user)}
