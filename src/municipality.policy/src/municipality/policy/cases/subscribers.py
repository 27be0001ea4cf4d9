"""Every workflow transition of a case writes a handling phase."""

from municipality.policy import _
from municipality.policy.cases import phaselog


#: transition id -> action class of the entry it writes
TRANSITION_ACTIONS = {
    "prepare": "valmistelu",
    "submit": "valmistelu",
    "decide": "paatoksenteko",
    "execute": "toimeenpano",
}


def after_transition(case, event):
    if event.transition is None or event.old_state is event.new_state:
        return
    transition = event.transition
    comment = (event.status or {}).get("comments") or (event.kwargs or {}).get(
        "comment"
    )
    title = transition.title or transition.getId()
    phaselog.append(
        case,
        TRANSITION_ACTIONS.get(transition.getId(), "tila"),
        _(
            "msg_phase_transition",
            default="${transition}: ${old} → ${new}. ${comment}",
            mapping={
                "transition": title,
                "old": event.old_state.title or event.old_state.getId(),
                "new": event.new_state.title or event.new_state.getId(),
                "comment": (comment or "").strip(),
            },
        ),
    )
