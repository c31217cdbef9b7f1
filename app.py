"""SMM Scorecard — the entry point: the shared frame, the chosen page, then the draft kept and
the session's Save to file."""

from shell import drafts, session_file
from shell.frame import draw_frame

navigation = draw_frame()
try:
    navigation.run()
finally:  # also after st.stop() or st.rerun() in the page: what it set is kept
    drafts.keep()
    session_file.save_button()  # after the page: it saves what the page set too
