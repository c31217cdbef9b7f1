"""What the scorecard lacks for a fuller picture: answers, the dimensions left unanswered,
"don't know" answers, a report, the report's evidence KPIs, the company's targets.
"""

from __future__ import annotations

from smm_logic.assessment.scoring import ScoredInputs
from smm_logic.format import Listing
from smm_logic.text import Message


def list_missing(inputs: ScoredInputs) -> tuple[Message, ...]:
    """One message per thing missing, the answers' side first, then the report's."""
    missing: list[Message] = []
    if not inputs.choices:
        missing.append(Message("scorecard.missing.no_answers"))
    else:
        names = inputs.dimension_names
        silent = [d for d, s in inputs.dimensions.items() if s.answered == 0 and s.dont_know == 0]
        if silent:
            missing.append(
                Message(
                    "scorecard.missing.dimensions",
                    {"dimensions": Listing(tuple(names[d] for d in silent))},
                )
            )
        dont_know = sum(s.dont_know for s in inputs.dimensions.values())
        if dont_know:
            missing.append(Message("scorecard.missing.dont_know", {"count": dont_know}))
    if not inputs.report_loaded:
        missing.append(Message("scorecard.missing.no_report"))
    else:
        evidence = {k for kpis in inputs.rules.evidence.values() for k in kpis}
        if not evidence & set(inputs.kpi_scores):
            missing.append(Message("scorecard.missing.no_evidence"))
        if not inputs.targets:
            missing.append(Message("scorecard.missing.no_targets"))
    return tuple(missing)
