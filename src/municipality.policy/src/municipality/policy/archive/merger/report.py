"""The import's report: what was imported, skipped and why (JSON and text).

Built from the journal, so a resumed import reports every run's work.
"""

from municipality.policy import _
from pathlib import Path
from zope.i18n import translate
import json


REASONS = {
    "unsupported_type": _(
        "merger_reason_unsupported_type",
        default="Type ${detail} is not brought in by a merger.",
    ),
    "parent_not_imported": _(
        "merger_reason_parent_not_imported",
        default="Its container ${detail} was not imported.",
    ),
    "outside": _(
        "merger_reason_outside",
        default="Outside the exported archive creator.",
    ),
    "sha256_mismatch": _(
        "merger_reason_sha256_mismatch",
        default="The file's SHA-256 differs from the exported one (${detail}).",
    ),
    "file_missing": _(
        "merger_reason_file_missing",
        default="The file is not in the export (${detail}).",
    ),
    "diary_number_taken": _(
        "merger_reason_diary_number_taken",
        default="Diary number ${detail} is already in the new registry.",
    ),
    "no_diary_number": _(
        "merger_reason_no_diary_number",
        default="The case has no diary number.",
    ),
    "error": _("merger_reason_error", default="Error: ${detail}"),
    "number_elsewhere": _(
        "merger_reason_number_elsewhere",
        default="Diary number ${detail} is also held in another registry.",
    ),
    "uid_changed": _(
        "merger_reason_uid_changed",
        default="Its UID was taken: a new UID ${detail}; relations remapped.",
    ),
    "unknown_state": _(
        "merger_reason_unknown_state",
        default="State ${detail} is not in the workflow: left in its initial state.",
    ),
    "role_refused": _(
        "merger_reason_role_refused",
        default="Role not granted: ${detail}.",
    ),
    "no_checksum": _(
        "merger_reason_no_checksum",
        default="The export has no SHA-256 of a registered document: computed now.",
    ),
}


def reason_text(reason, detail, language="fi"):
    message = REASONS.get(reason)
    if message is None:
        return f"{reason}: {detail}"
    return translate(
        _(message, default=message.default, mapping={"detail": detail}),
        target_language=language,
    )


def build(journal, creator_path, runs=None):
    """The report as a JSON-compatible dict."""
    skipped = [dict(value, source=key) for key, value in journal["skipped"].items()]
    reasons = {}
    for row in skipped:
        reasons[row["reason"]] = reasons.get(row["reason"], 0) + 1
    return {
        "archive_creator": creator_path,
        "source": journal["source"],
        "finished": bool(journal["finished"]),
        "runs": journal["runs"],
        "imported": dict(journal["imported"]),
        "imported_total": sum(journal["imported"].values()),
        "skipped_total": len(skipped),
        "skipped_by_reason": reasons,
        "skipped": sorted(skipped, key=lambda row: row["path"]),
        "warnings": [dict(row) for row in journal["warnings"]],
        "unmapped_principals": {
            key: list(value) for key, value in journal["unmapped"].items()
        },
        "uid_changes": dict(journal["uid_changes"]),
        "this_run": runs or {},
    }


def text(report, language="fi"):
    """A readable text of ``report``."""

    def t(msgid, default, **mapping):
        return translate(
            _(msgid, default=default, mapping=mapping), target_language=language
        )

    lines = [
        t(
            "merger_report_title",
            "Merger import into ${creator}",
            creator=report["archive_creator"],
        ),
        t("merger_report_source", "Source: ${source}", source=report["source"]),
        t(
            "merger_report_totals",
            "Imported ${imported}, skipped ${skipped}, runs ${runs}.",
            imported=report["imported_total"],
            skipped=report["skipped_total"],
            runs=report["runs"],
        ),
    ]
    for type_, number in sorted(report["imported"].items()):
        lines.append(f"  {type_}: {number}")
    if report["skipped"]:
        lines.append(t("merger_report_skipped", "Skipped:"))
        for row in report["skipped"]:
            lines.append(
                f"  {row['path']} ({row['type']}): "
                + reason_text(row["reason"], row["detail"], language)
            )
    if report["warnings"]:
        lines.append(t("merger_report_warnings", "Notes:"))
        for row in report["warnings"]:
            lines.append(
                f"  {row['path']}: "
                + reason_text(row["reason"], row["detail"], language)
            )
    if report["unmapped_principals"]:
        lines.append(
            t(
                "merger_report_unmapped",
                "Principals not in the mapping file (granted nothing):",
            )
        )
        for principal, places in sorted(report["unmapped_principals"].items()):
            lines.append(f"  {principal}: {len(places)} × {', '.join(places[:3])}")
    return "\n".join(lines) + "\n"


def write(report, base):
    """Write ``<base>.json`` and ``<base>.txt``; return both paths."""
    base = Path(base)
    json_path = base.with_suffix(".json")
    text_path = base.with_suffix(".txt")
    json_path.write_text(
        json.dumps(report, ensure_ascii=False, indent=2, default=str), encoding="utf-8"
    )
    text_path.write_text(text(report), encoding="utf-8")
    return json_path, text_path
