from django.db import migrations

DOMAINS = ["房地产", "欠薪讨薪", "出租汽车", "征地拆迁", "教育培训", "集资融资", "土地流转", "企业规模性裁员", "其他"]


def seed(apps, schema_editor):
    CaseDomain = apps.get_model("case_library", "CaseDomain")
    for position, name in enumerate(DOMAINS):
        CaseDomain.objects.get_or_create(name=name, defaults={"position": position * 10})


class Migration(migrations.Migration):
    dependencies = [("case_library", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
