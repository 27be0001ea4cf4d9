"""Every workflow transition of a case writes a handling phase."""

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
    phaselog.add(
        case,
        phaselog.STATE,
        TRANSITION_ACTIONS.get(transition.getId(), "tila"),
        data={
            "transition": transition.getId(),
            "old": event.old_state.getId(),
            "new": event.new_state.getId(),
        },
        note=(comment or "").strip(),
    )
