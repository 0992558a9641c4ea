"""Reads about departments and people, for views and reports."""

from collections import defaultdict

from django.db.models import QuerySet

from .models import Department, User
from .roles import ADMINISTRATOR, LEAD, TRAINER, user_role_keys


def department_subtree_ids(department: Department) -> set[int]:
    """The department and every department below it (one query: the tree is small)."""
    children = defaultdict(list)
    for pk, parent_id in Department.objects.values_list("pk", "parent_id"):
        children[parent_id].append(pk)
    found, stack = set(), [department.pk]
    while stack:
        pk = stack.pop()
        if pk not in found:
            found.add(pk)
            stack.extend(children[pk])
    return found


def department_with_ancestors_ids(department_id: int | None) -> set[int]:
    """The department and every department above it (one query): what a rule addressed to
    an office also covers when it is set on one of its sections' members."""
    if department_id is None:
        return set()
    parents = dict(Department.objects.values_list("pk", "parent_id"))
    found, node = set(), department_id
    while node is not None and node not in found:
        found.add(node)
        node = parents.get(node)
    return found


def department_tree() -> list[tuple[Department, int]]:
    """All departments in tree order with their depth, for choosers and reports."""
    by_parent = defaultdict(list)
    for dept in Department.objects.all():
        by_parent[dept.parent_id].append(dept)
    ordered: list[tuple[Department, int]] = []

    def walk(parent_id, depth):
        for dept in by_parent[parent_id]:
            ordered.append((dept, depth))
            walk(dept.pk, depth + 1)

    walk(None, 0)
    return ordered


def department_path(department: Department | None) -> str:
    parts = []
    node = department
    while node is not None:
        parts.append(node.name)
        node = node.parent
    return " / ".join(reversed(parts))


def department_paths() -> dict[int, str]:
    """Every department's full path (“信访办 / 接待科”), by id, in one query."""
    paths: dict[int, str] = {}
    stack: list[str] = []
    for dept, depth in department_tree():
        del stack[depth:]
        stack.append(dept.name)
        paths[dept.pk] = " / ".join(stack)
    return paths


def departments_visible_to(user) -> QuerySet[Department]:
    """Departments whose people and reports this user may see.

    Trainers and administrators see every department; a lead sees their own and everything
    below it; anyone else sees none.
    """
    roles = user_role_keys(user)
    if roles & {TRAINER, ADMINISTRATOR}:
        return Department.objects.all()
    if LEAD in roles and user.department_id:
        return Department.objects.filter(pk__in=department_subtree_ids(user.department))
    return Department.objects.none()


def officials_visible_to(user) -> QuerySet[User]:
    """Current officials in the departments this user may see, in a stable order."""
    return (
        User.objects.filter(
            department__in=departments_visible_to(user), is_active=True, left_on__isnull=True
        )
        .select_related("department")
        .order_by("department__sort_order", "staff_number", "pk")
    )
