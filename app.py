"""SMM Scorecard — the entry point: the shared frame, the chosen page, then the draft kept."""

from shell import drafts
from shell.frame import draw_frame

navigation = draw_frame()
try:
    navigation.run()
finally:  # also after st.stop() or st.rerun() in the page: what it set is kept
    drafts.keep()
