"""factory_boy factories shared by every app's tests."""

import factory
from django.contrib.auth.models import Group

from accounts.models import Department, Rank, User
from accounts.roles import ROLES

TEST_PASSWORD = "correct-horse-battery-staple"


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    name = factory.Sequence(lambda n: f"第{n}科")
    code = factory.Sequence(lambda n: f"dept-{n}")
    parent = None


class UserFactory(factory.django.DjangoModelFactory):
    """An official by default; ``UserFactory(role="trainer")`` for other roles."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    staff_number = factory.Sequence(lambda n: f"T{n:05d}")
    name = factory.Sequence(lambda n: f"测试{n}号")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")
    department = factory.SubFactory(DepartmentFactory)
    rank = Rank.STAFF
    password = factory.django.Password(TEST_PASSWORD)

    @factory.post_generation
    def with_role(obj, create, extracted, **kwargs):
        if not create:
            return
        role = obj._role
        if role:
            group, _created = Group.objects.get_or_create(name=ROLES[role].group_name)
            obj.groups.add(group)
        if role == "administrator":
            obj.is_superuser = True
            obj.save(update_fields=["is_superuser"])

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        role = kwargs.pop("role", "official")
        obj = super()._create(model_class, *args, **kwargs)
        obj._role = role
        return obj
