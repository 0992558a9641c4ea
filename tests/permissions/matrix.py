"""The permission matrix's declarations: for every route, what each role gets (issue 9).

A route is declared by a line of ``DECLARATIONS``: a pattern (fnmatch on the route's name, or
on its path when it starts with ``/``) and a named policy. The first line that matches a route
declares it; a line that declares no route (it matches none, or only routes an earlier line
took) is stale and fails the suite. Read ``docs/architecture.md`` ("Declaring a route").

A policy gives, for each role and for GET and an empty POST, the answers allowed, by class:

``ok``
    2xx, or a redirect that is not to a sign-in page (the view did its work).
``login``
    a redirect to a sign-in page — the answer for the signed-out.
``forbidden``
    403, or Wagtail's own refusals of a signed-in user: the redirect to its sign-in page (no
    admin access) and the redirect to the admin's home with an error (no permission here).
``missing``
    404 — what someone else's object is: its existence is not confirmed.
``bad``
    400, 405, 409, 413 or 415: the request was malformed or not allowed (an empty POST to a
    form that needs its fields, a GET to a POST-only action, a delete that history blocks).

A 500 is in no policy.
"""

from dataclasses import dataclass
from fnmatch import fnmatchcase
from types import MappingProxyType

from tests.permissions.world import ROLES

OK, LOGIN, FORBIDDEN, MISSING, BAD = "ok", "login", "forbidden", "missing", "bad"
DENIED = frozenset({FORBIDDEN, MISSING})
STAFF = ("trainer", "administrator")


@dataclass(frozen=True)
class Policy:
    name: str
    get: MappingProxyType  # role → frozenset of classes
    post: MappingProxyType

    def answers(self, role: str, method: str) -> frozenset:
        return (self.get if method == "get" else self.post)[role]


def _classes(value) -> frozenset:
    return frozenset({value} if isinstance(value, str) else value)


def policy(name, *, get, post=None, **overrides):
    """A policy from role → answer tables for GET and POST (POST defaults to GET's).
    ``overrides`` (``post_official=...``) change one role's POST answer."""
    post = dict(get if post is None else post)
    for key, value in overrides.items():
        method, role = key.split("_", 1)
        assert method == "post" and role in ROLES, key
        post[role] = value
    for table in (get, post):
        assert set(table) == set(ROLES), (name, set(ROLES) ^ set(table))
    return Policy(
        name,
        MappingProxyType({role: _classes(get[role]) for role in ROLES}),
        MappingProxyType({role: _classes(post[role]) for role in ROLES}),
    )


def roles(default, **by_role):
    """A role → answer table: ``default`` for every role not named."""
    return {role: by_role.get(role, default) for role in ROLES}


def admin(name, allowed, *, get=OK, post=OK, **by_role):
    """A Wagtail admin route: the signed-out are sent to sign in, officials (no admin access)
    are refused, the roles in ``allowed`` get ``get``/``post``, other admin users are refused.
    ``by_role`` (``get_trainer=BAD``, ``post_administrator=MISSING``) changes one cell."""
    tables = {}
    for method, answer in (("get", get), ("post", post)):
        table = roles(FORBIDDEN, anonymous=LOGIN)
        table.update(dict.fromkeys(allowed, answer))
        for key, value in by_role.items():
            cell_method, role = key.split("_", 1)
            assert role in ROLES, key
            if cell_method == method:
                table[role] = value
        tables[method] = table
    return policy(name, get=tables["get"], post=tables["post"])


def site(name, table, *, get=None, post=None):
    """A site route whose answers follow ``table``; ``get``/``post`` replace, for that method,
    the answer of every role not sent to sign in (``post=BAD``: a GET-only view, which says
    405 before it looks anything up)."""
    tables = {}
    for method, answer in (("get", get), ("post", post)):
        tables[method] = {
            role: answer if answer is not None and value != LOGIN else value
            for role, value in table.items()
        }
    return policy(name, get=tables["get"], post=tables["post"])


# -- who gets in, on the site ------------------------------------------------------------

EVERYONE = roles(OK)
SIGNED_IN = roles(OK, anonymous=LOGIN)
#: an official's own object (attempts): nobody else learns it exists, trainers included
OWNER = roles(MISSING, anonymous=LOGIN, official=OK)
#: an official's own object that trainers and administrators also see (their year's record)
OWNER_OR_STAFF = roles(MISSING, anonymous=LOGIN, official=OK, trainer=OK, administrator=OK)
OWNER_OR_ADMINISTRATOR = roles(MISSING, anonymous=LOGIN, official=OK, administrator=OK)
#: oversight of departments: a lead (of their own), trainers, administrators
OVERSEERS = roles(MISSING, anonymous=LOGIN, other_lead=OK, trainer=OK, administrator=OK)
#: department A's figures and the office's: not for department B's lead
STAFF_ONLY = roles(MISSING, anonymous=LOGIN, trainer=OK, administrator=OK)
#: running a study session the official is invited to: the invitee may see it, not run it;
#: anyone who may not see it learns nothing
SESSION_RUNNERS = roles(MISSING, anonymous=LOGIN, official=FORBIDDEN, trainer=OK, administrator=OK)
SESSION_CREATORS = roles(FORBIDDEN, anonymous=LOGIN, other_lead=OK, trainer=OK, administrator=OK)

PUBLIC = site("PUBLIC", EVERYONE)
PUBLIC_READ = site("PUBLIC_READ", EVERYONE, post=BAD)
PUBLIC_ACTION = site("PUBLIC_ACTION", EVERYONE, get=BAD)
NOT_FOUND = policy("NOT_FOUND", get=roles(MISSING))
SIGNED_IN_PAGE = site("SIGNED_IN_PAGE", SIGNED_IN)
SIGNED_IN_READ = site("SIGNED_IN_READ", SIGNED_IN, post=BAD)
SIGNED_IN_ACTION = site("SIGNED_IN_ACTION", SIGNED_IN, get=BAD)
#: no such object (the world has none): signed in or not, nothing is confirmed
NO_SUCH_OBJECT = policy("NO_SUCH_OBJECT", get=roles(MISSING, anonymous=LOGIN))
#: a draft page, served: nobody (authors preview it in the admin)
DRAFT = policy("DRAFT", get=roles(MISSING, anonymous=LOGIN))
OWN = site("OWN", OWNER)
OWN_READ = site("OWN_READ", OWNER, post=BAD)
OWN_ACTION = site("OWN_ACTION", OWNER, get=BAD)
#: a JSON action that reads the body first: a form-encoded POST is 415 for everyone
JSON_ACTION = site("JSON_ACTION", SIGNED_IN, get=BAD, post=BAD)
OWN_OR_STAFF = site("OWN_OR_STAFF", OWNER_OR_STAFF)
OWN_OR_STAFF_READ = site("OWN_OR_STAFF_READ", OWNER_OR_STAFF, post=BAD)
OWN_OR_ADMINISTRATOR_READ = site("OWN_OR_ADMINISTRATOR_READ", OWNER_OR_ADMINISTRATOR, post=BAD)
OVERSIGHT = site("OVERSIGHT", OVERSEERS)
STAFF_PAGE = site("STAFF_PAGE", STAFF_ONLY)
STAFF_READ = site("STAFF_READ", STAFF_ONLY, post=BAD)
SESSION_CREATE = site("SESSION_CREATE", SESSION_CREATORS)
SESSION_MANAGE = site("SESSION_MANAGE", SESSION_RUNNERS)
SESSION_MANAGE_ACTION = site("SESSION_MANAGE_ACTION", SESSION_RUNNERS, get=BAD)
#: the QR sign-in link without a valid code: refused, signed in or not
SIGN_IN_LINK = policy("SIGN_IN_LINK", get=roles(FORBIDDEN))

# -- who gets in, in the admin -------------------------------------------------------------

ADMIN_USERS = ("other_lead", "trainer", "administrator")

#: every admin user: the dashboard, their account
ADMIN_ANY = admin("ADMIN_ANY", ADMIN_USERS)
ADMIN_ANY_READ = admin("ADMIN_ANY_READ", ADMIN_USERS, post=BAD)
#: what leads oversee in the admin: the ledger, study targets, regulations (read only)
OVERSIGHT_ADMIN = ADMIN_ANY
OVERSIGHT_ADMIN_READ = ADMIN_ANY_READ
#: authoring: pages, questions, cases, regulations — trainers and administrators
AUTHOR = admin("AUTHOR", STAFF)
AUTHOR_READ = admin("AUTHOR_READ", STAFF, post=BAD)
AUTHOR_ACTION = admin("AUTHOR_ACTION", STAFF, get=BAD)
#: an admin route that takes no empty POST (400: the form is incomplete)
AUTHOR_FORM_400 = admin("AUTHOR_FORM_400", STAFF, post=BAD)
#: running the site: users' groups, departments, sites, redirects, collections, workflows,
#: the audit trail, lockouts — administrators only
ADMINISTRATOR = admin("ADMINISTRATOR", ("administrator",))
ADMINISTRATOR_READ = admin("ADMINISTRATOR_READ", ("administrator",), post=BAD)
ADMINISTRATOR_ACTION = admin("ADMINISTRATOR_ACTION", ("administrator",), get=BAD)
#: a delete that history blocks: the question is answered on GET, the POST is 409
ADMINISTRATOR_DELETE_BLOCKED = admin("ADMINISTRATOR_DELETE_BLOCKED", ("administrator",), post=BAD)
AUTHOR_DELETE_BLOCKED = admin("AUTHOR_DELETE_BLOCKED", STAFF, post=BAD)
#: in the admin but nothing there for anyone (no such object, a step we do not offer)
ADMIN_NOT_FOUND = admin("ADMIN_NOT_FOUND", ADMIN_USERS, get=MISSING, post=MISSING)
AUTHOR_NOT_FOUND = admin("AUTHOR_NOT_FOUND", STAFF, get=MISSING, post=MISSING)
#: closed to every role (Wagtail views we do not use)
ADMIN_CLOSED = admin("ADMIN_CLOSED", ())


# Policies for single routes whose Wagtail view answers in its own way (a 405 before the
# permission check, a 404 where the object or step does not exist for anyone).
SIGN_OUT = policy(
    "SIGN_OUT",
    get=roles(BAD, anonymous=LOGIN),
    post=roles(OK, anonymous=LOGIN),
)
ADMIN_SIGN_OUT = admin("ADMIN_SIGN_OUT", ADMIN_USERS, get=BAD, post=OK, post_official=FORBIDDEN)
AUTHOR_FIND = admin("AUTHOR_FIND", STAFF, get=MISSING, post=BAD)  # no query: nothing found
AUTHOR_NONE_READ = admin("AUTHOR_NONE_READ", STAFF, get=MISSING, post=BAD)
AUTHOR_REFUSED_READ = admin("AUTHOR_REFUSED_READ", STAFF, get=FORBIDDEN, post=BAD)
#: an admin action Wagtail answers 405 on GET before asking who is asking
ADMINISTRATOR_ACTION_405 = admin(
    "ADMINISTRATOR_ACTION_405", ("administrator",), get=BAD, get_trainer=BAD
)
UPLOAD_STEP = admin("UPLOAD_STEP", STAFF, get=BAD, get_other_lead=BAD, post_other_lead=FORBIDDEN)
UPLOAD_STEP_NONE = admin(
    "UPLOAD_STEP_NONE",
    STAFF,
    get=BAD,
    post=MISSING,
    get_other_lead=BAD,
    post_other_lead=MISSING,
)
UPLOAD_DELETE = admin("UPLOAD_DELETE", STAFF, get=BAD, get_other_lead=BAD)
AUTHOR_ACTION_405 = admin("AUTHOR_ACTION_405", STAFF, get=BAD, get_other_lead=BAD)
COLLECTION_DELETE = admin(
    "COLLECTION_DELETE",
    ("administrator",),
    post=FORBIDDEN,  # a collection that holds documents is not deleted
    get_other_lead=MISSING,
    get_trainer=MISSING,
    post_other_lead=MISSING,
    post_trainer=MISSING,
)
REDIRECT_IMPORT_STEP = admin("REDIRECT_IMPORT_STEP", ("administrator",), get=BAD, post=BAD)
IMAGE_URL_GENERATOR = admin("IMAGE_URL_GENERATOR", STAFF, get=MISSING, post=BAD)
#: the external-link chooser: an empty POST is incomplete (400)
LINK_CHOOSER = admin("LINK_CHOOSER", STAFF, post=BAD)

DECLARATIONS: list[tuple[str, Policy]] = [
    # -- the site ------------------------------------------------------------------------
    ("healthz*", PUBLIC_READ),
    ("set_language", PUBLIC_ACTION),
    ("accounts:login", PUBLIC),
    ("accounts:logout", SIGN_OUT),
    ("accounts:password_change", SIGNED_IN_PAGE),
    ("accounts:password_change_done", SIGNED_IN_READ),
    ("accounts:profile", SIGNED_IN_PAGE),
    ("records:*", SIGNED_IN_PAGE),  # the signed-in user's own ledger, no id in the URL
    ("reports:my_year", SIGNED_IN_PAGE),
    ("reports:*_redirect", SIGNED_IN_PAGE),
    ("reports:department_year", SIGNED_IN_PAGE),
    ("reports:office_year", SIGNED_IN_PAGE),
    ("reports:official_year", OWN_OR_STAFF),
    ("reports:official_file", OWN_OR_STAFF_READ),
    ("reports:departments", OVERSIGHT),
    ("reports:department@own_lead", OVERSIGHT),  # department B, for its lead
    ("reports:department", STAFF_PAGE),  # department A: not for department B's lead
    ("reports:department_file", STAFF_PAGE),  # the XLSX: a GET, or the page's button (a POST)
    ("reports:office", STAFF_PAGE),
    ("reports:office_file", STAFF_READ),
    ("courses:*", SIGNED_IN_PAGE),
    ("quizzes:my_results", SIGNED_IN_PAGE),
    ("quizzes:wrong_book", SIGNED_IN_PAGE),
    ("quizzes:wrong_practice", SIGNED_IN_ACTION),
    ("quizzes:quiz", SIGNED_IN_PAGE),
    ("quizzes:attempt", OWN),
    ("quizzes:attempt_result*", OWN),
    ("quizzes:attempt_submit", OWN_ACTION),
    ("quizzes:api_answer", JSON_ACTION),
    ("quizzes:api_state*", OWN_READ),
    ("quizzes:api_leave", OWN_ACTION),
    ("quizzes:api_submit", OWN_ACTION),
    (
        "case_library:studied@draft",
        policy(
            "DRAFT_ACTION", get=roles(BAD, anonymous=LOGIN), post=roles(MISSING, anonymous=LOGIN)
        ),
    ),
    ("case_library:studied", SIGNED_IN_ACTION),
    ("jobs:list", SIGNED_IN_READ),
    ("jobs:detail", OWN_OR_ADMINISTRATOR_READ),
    ("jobs:download", OWN_OR_ADMINISTRATOR_READ),
    ("study_sessions:index", SIGNED_IN_PAGE),
    ("study_sessions:create", SESSION_CREATE),
    ("study_sessions:detail", OWN_OR_STAFF),  # the official is invited
    ("study_sessions:present_*@draft", DRAFT),
    ("study_sessions:present_*", SIGNED_IN_PAGE),  # live lessons, cases and chapters
    ("study_sessions:confirm", SESSION_MANAGE_ACTION),
    ("study_sessions:cancel", SESSION_MANAGE_ACTION),
    ("study_sessions:sign_in", SIGN_IN_LINK),
    ("study_sessions:*", SESSION_MANAGE),
    ("search:search", SIGNED_IN_READ),
    ("wagtail_serve@draft", DRAFT),
    ("wagtail_serve", SIGNED_IN_PAGE),
    ("wagtaildocs_serve", SIGNED_IN_PAGE),
    ("*authenticate_with_password", NO_SUCH_OBJECT),
    ("wagtailcore_login", PUBLIC),
    ("failwhale_hidden", NOT_FOUND),
    # -- the admin: every admin user -----------------------------------------------------
    ("wagtailadmin_login", PUBLIC),
    ("wagtailadmin_sprite", PUBLIC),
    ("wagtailadmin_javascript_catalog", PUBLIC_READ),
    ("wagtailadmin_password_reset*", NOT_FOUND),  # reset goes through the office, not email
    ("wagtailadmin_error_test", NOT_FOUND),
    ("wagtailadmin_home", ADMIN_ANY_READ),
    ("/admin/test404/", ADMIN_ANY_READ),
    ("wagtailadmin_account", ADMIN_ANY),
    ("wagtailadmin_logout", ADMIN_SIGN_OUT),
    ("wagtailadmin_dismissibles", ADMIN_ANY_READ),
    ("/admin/.*/", ADMIN_NOT_FOUND),
    ("wagtailsettings:*", ADMIN_NOT_FOUND),  # no settings are registered
    ("wagtailsnippetchoosers_*:create", ADMIN_NOT_FOUND),  # our choosers create nothing
    # -- oversight: leads read what concerns their departments ---------------------------
    ("records_admin:index", OVERSIGHT_ADMIN),
    ("study_targets:index*", OVERSIGHT_ADMIN_READ),
    ("courses_admin:regulation_articles", OVERSIGHT_ADMIN),
    ("courses_admin:broken_citations", OVERSIGHT_ADMIN),
    ("courses_admin:quotation_mismatches", OVERSIGHT_ADMIN),
    ("wagtailsnippets_courses_regulation:list*", OVERSIGHT_ADMIN_READ),
    ("wagtailsnippetchoosers_*", OVERSIGHT_ADMIN_READ),
    # -- authoring: trainers and administrators ------------------------------------------
    ("wagtailadmin_api:*:find", AUTHOR_FIND),
    ("wagtailadmin_api:pages:action", AUTHOR_ACTION),
    ("wagtailadmin_api:*", AUTHOR_READ),
    ("wagtailadmin_explore*", AUTHOR_READ),
    ("wagtail_bulk_action", AUTHOR_NOT_FOUND),  # no ids chosen
    ("wagtailadmin_pages:add", AUTHOR_FORM_400),
    ("wagtailadmin_pages:edit", AUTHOR_FORM_400),
    ("wagtailadmin_pages:revisions_revert", AUTHOR_FORM_400),
    ("wagtailadmin_pages:copy", AUTHOR_FORM_400),
    ("wagtailadmin_pages:view_draft@draft", AUTHOR),
    ("wagtailadmin_pages:convert_alias", AUTHOR_NOT_FOUND),  # the lesson is no alias
    ("wagtailadmin_pages:workflow_action", AUTHOR_NOT_FOUND),  # no task in progress
    ("wagtailadmin_pages:collect_workflow_action_data", AUTHOR_NOT_FOUND),
    ("wagtailadmin_pages:workflow_history_detail", AUTHOR_NONE_READ),
    ("wagtailadmin_pages:workflow_preview", AUTHOR_REFUSED_READ),  # no workflow on it
    ("wagtailadmin_pages:set_page_position", AUTHOR_ACTION),
    ("wagtailadmin_pages:lock", AUTHOR_ACTION),
    ("wagtailadmin_pages:unlock", AUTHOR_ACTION),
    ("wagtailadmin_pages:type_use*", AUTHOR_READ),
    ("wagtailadmin_pages:usage", AUTHOR_READ),
    ("wagtailadmin_pages:add_subpage", AUTHOR_READ),
    ("wagtailadmin_pages:search*", AUTHOR_READ),
    ("wagtailadmin_pages:revisions_view", AUTHOR_READ),
    ("wagtailadmin_pages:revisions_compare", AUTHOR_READ),
    ("wagtailadmin_pages:*history*", AUTHOR_READ),
    ("wagtailadmin_pages:*", AUTHOR),
    ("wagtailadmin_choose_page_external_link", LINK_CHOOSER),
    ("wagtailadmin_choose_page_*_link", AUTHOR),
    ("wagtailadmin_choose_page*", AUTHOR_READ),
    ("wagtailadmin_tag_*autocomplete", AUTHOR),
    ("wagtailadmin_block_preview", AUTHOR_FIND),  # no block named
    ("wagtailadmin_editing_sessions:*", AUTHOR_ACTION),
    ("wagtailadmin_reports:*", AUTHOR_READ),
    ("wagtailadmin_workflows:add_task", AUTHOR_NOT_FOUND),  # the task type is not ours
    ("wagtailforms:list_submissions*", AUTHOR_NOT_FOUND),  # no form pages
    ("wagtailforms:delete_submissions", ADMIN_CLOSED),
    ("wagtailforms:*", AUTHOR_READ),
    ("wagtailembeds:*", AUTHOR),
    ("wagtailsnippets:index", AUTHOR_READ),
    ("wagtailsnippets_courses_regulation:delete", ADMINISTRATOR),
    ("wagtailsnippets_*:usage", AUTHOR_READ),
    ("wagtailsnippets_*:history*", AUTHOR_READ),
    ("wagtailsnippets_*:list*", AUTHOR_READ),
    ("wagtailsnippets_*", AUTHOR),
    ("accounts_admin:*", AUTHOR),
    ("records_admin:*", AUTHOR),
    ("courses_admin:*", AUTHOR),
    ("quizzes_admin:*", AUTHOR),
    ("case_library_admin:raw_purge", ADMINISTRATOR),  # a redacted case's raw revisions
    ("case_library_admin:finding_action", AUTHOR_ACTION_405),
    ("case_library_admin:*", AUTHOR),
    ("questions:delete", AUTHOR_DELETE_BLOCKED),  # the question was sat: 409, with why
    ("question_banks:delete", ADMINISTRATOR_DELETE_BLOCKED),
    ("questions:index*", AUTHOR_READ),
    ("questions:history*", AUTHOR_READ),
    ("questions:usage", AUTHOR_READ),
    ("question_banks:index*", AUTHOR_READ),
    ("question_banks:history*", AUTHOR_READ),
    ("question_banks:usage", AUTHOR_READ),
    ("questions:*", AUTHOR),
    ("question_banks:*", AUTHOR),
    ("case_false_positives:index*", AUTHOR_READ),
    ("case_false_positives:inspect", AUTHOR_READ),
    ("case_false_positives:delete", ADMINISTRATOR),
    ("case_false_positives:history*", ADMINISTRATOR_READ),
    ("case_false_positives:*", ADMIN_CLOSED),  # made from a case's findings, not by hand
    ("wagtailusers_users:delete", ADMINISTRATOR_DELETE_BLOCKED),  # the official has history
    ("wagtailusers_users:index*", AUTHOR_READ),
    ("wagtailusers_users:history*", AUTHOR_READ),
    ("wagtailusers_users:usage", AUTHOR_READ),
    ("wagtailusers_users:*", AUTHOR),
    ("departments:index*", AUTHOR_READ),
    # -- images and documents: trainers and administrators add, change, choose and delete
    # (Wagtail's collection policy counts "delete" as "change" for images and documents) --
    ("wagtail*:create_multiple_from_uploaded_*", UPLOAD_STEP_NONE),
    ("wagtail*:delete_upload_multiple", UPLOAD_STEP_NONE),
    ("wagtail*:delete_multiple", UPLOAD_DELETE),
    ("wagtaildocs:delete*", AUTHOR),
    ("wagtailimages:delete*", AUTHOR),
    ("wagtail*:edit_multiple", UPLOAD_STEP),
    ("wagtailimages:url_generator*", IMAGE_URL_GENERATOR),
    ("wagtaildocs:index*", AUTHOR_READ),
    ("wagtailimages:index*", AUTHOR_READ),
    ("wagtaildocs:document_usage", AUTHOR_READ),
    ("wagtailimages:image_usage", AUTHOR_READ),
    ("wagtail*:add_multiple", AUTHOR_FORM_400),
    ("wagtaildocs:*", AUTHOR),
    ("wagtailimages:*", AUTHOR),
    ("wagtaildocs_chooser:choose*", AUTHOR_READ),
    ("wagtaildocs_chooser:chosen*", AUTHOR_READ),
    ("wagtailimages_chooser:choose*", AUTHOR_READ),
    ("wagtailimages_chooser:chosen*", AUTHOR_READ),
    ("wagtail*_chooser:*", AUTHOR),
    # -- running the site: administrators ------------------------------------------------
    ("wagtailadmin_collections:delete", COLLECTION_DELETE),
    ("wagtailadmin_collections:index", ADMINISTRATOR_READ),
    ("wagtailadmin_collections:*", ADMINISTRATOR),
    # the task chooser serves the workflow editor only (kit.wagtail_guards.PERMISSION_REQUIRED)
    ("wagtailadmin_workflows:task_chooser_create", ADMINISTRATOR),
    ("wagtailadmin_workflows:task_chooser*", ADMINISTRATOR_READ),
    ("wagtailadmin_workflows:task_chosen", ADMINISTRATOR),
    ("wagtailadmin_workflows:enable*", ADMINISTRATOR_ACTION_405),
    ("wagtailadmin_workflows:remove", ADMINISTRATOR_ACTION_405),
    ("wagtailadmin_workflows:*index*", ADMINISTRATOR_READ),
    ("wagtailadmin_workflows:usage*", ADMINISTRATOR_READ),
    ("wagtailadmin_workflows:*", ADMINISTRATOR),
    ("wagtailredirects:process_import", REDIRECT_IMPORT_STEP),
    ("wagtailredirects:index*", ADMINISTRATOR_READ),
    ("wagtailredirects:*", ADMINISTRATOR),
    ("study_years:index", ADMINISTRATOR),
    ("ops_admin:audit", ADMINISTRATOR),
    ("*:index", ADMINISTRATOR_READ),
    ("*:index_results", ADMINISTRATOR_READ),
    ("*:history*", ADMINISTRATOR_READ),
    ("*:usage", ADMINISTRATOR_READ),
    ("*:inspect", ADMINISTRATOR_READ),
    ("departments:*", ADMINISTRATOR),
    ("lockouts:*", ADMINISTRATOR),
    ("study_targets:*", ADMINISTRATOR),
    ("wagtailsites:*", ADMINISTRATOR),
    ("wagtailusers_groups:*", ADMINISTRATOR),
]

#: (route pattern, role, method) → why the answer is still wrong; each xfails (strict) in
#: test_matrix until fixed, so a hole stays visible and the fix removes its line.
KNOWN_HOLES: dict[tuple[str, str, str], str] = {}


def _matches(pattern: str, route) -> bool:
    target = "/" + route.route if pattern.startswith("/") else route.name
    return fnmatchcase(target, pattern)


def declaration_for(route) -> Policy | None:
    for pattern, declared in DECLARATIONS:
        if _matches(pattern, route):
            return declared
    return None


def expected(route, role: str, method: str) -> frozenset:
    declared = declaration_for(route)
    return declared.answers(role, method) if declared else frozenset()


def stale_declarations(routes) -> list[str]:
    """Patterns that declare nothing: no route matches, or only routes an earlier line took."""
    taken, stale = set(), []
    for pattern, _declared in DECLARATIONS:
        mine = {(r.name, r.route) for r in routes if _matches(pattern, r)} - taken
        if not mine:
            stale.append(pattern)
        taken |= mine
    return stale
