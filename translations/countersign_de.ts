<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>Labels</name>
    <message>
        <source>Pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revision requested</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Low</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Normal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>High</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Critical</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approved with edits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Routed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Viewed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decided</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Escalated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revised by the agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reminder sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notification skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delivery to the agent failed, retrying</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decision delivered to the agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refused decision attempt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>overdue by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>due in %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>countersign::ui::ApprovalDelegate</name>
    <message>
        <source>queued</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>countersign::ui::ApprovalDetailView</name>
    <message>
        <source>Tick each criterion as you check it (for your own review; not sent)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Context</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approval criteria</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Context &amp;&amp; criteria</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Metadata</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose an approval in the queue to see what the agent produced.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2 priority · route %3 · %4 · version %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 by %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The agent gave no criteria.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>countersign::ui::ConnectionIndicator</name>
    <message>
        <source>Online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed out: sign in again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed out</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n decision(s) queued</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>countersign::ui::DecisionPanel</name>
    <message>
        <source>&amp;Approve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit then approve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;ject…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request &amp;revision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Feedback for the agent: required to reject or to request a revision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approve the output as it is (Ctrl+Return)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Correct the output yourself, then approve it (Ctrl+E)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reject with a reason (Ctrl+Shift+J)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send it back to the agent with your feedback (Ctrl+R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The agent sent version %1 while you were editing version %2: sending now will be refused as a conflict. Cancel the edit to see the new version.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Review edits and &amp;approve…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your decision is queued and will be sent when the connection is back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revision rounds used: %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing is edited yet. Change the output, or cancel the edit and approve it as it is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the reason for the rejection first: the agent receives it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reject this approval?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” will be rejected with the reason:

%2

The agent is told at once; this cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write what the agent should change first: it revises from your feedback.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>countersign::ui::DesktopApp</name>
    <message>
        <source>No keychain is available: you will be asked to sign in again at the next start.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>countersign::ui::EditReviewDialog</name>
    <message>
        <source>Approve with your edits?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approve with these edits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to editing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lines marked − are the agent&apos;s; lines marked + are yours.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>countersign::ui::FilterBar</name>
    <message>
        <source>Search title, agent and output (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Oldest first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Most urgent first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nearest deadline first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All priorities</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All routes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All agents</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>countersign::ui::HistoryView</name>
    <message>
        <source>to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rule “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>v%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>v%1 (current)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is one version only: the agent has not revised this output.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>countersign::ui::JsonTree</name>
    <message>
        <source>Field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n field(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>countersign::ui::MainWindow</name>
    <message>
        <source>Countersign — %1 on %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A decision was not taken: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Q</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Approval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Return</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Enter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit then approve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;ject…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+J</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request &amp;revision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+R</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Next in queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+J</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alt+Down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Previous in queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+K</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alt+Up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: queued; it is sent when the connection is back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your decision “%1” on “%2” was not taken: %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It stands as “%1” by %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It is now “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>(%n more not taken)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>countersign::ui::OutputEditor</name>
    <message>
        <source>A JSON value (a number, true/false, a list in [ ] or an object in { })</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The output is not valid JSON.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The field “%1” is not a valid JSON value.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>countersign::ui::OutputView</name>
    <message>
        <source>Formatted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Raw JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subject</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>countersign::ui::SettingsDialog</name>
    <message>
        <source>Start minimized to the tray</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Countersign settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notify me of new approvals with priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new language or server takes effect at the next start.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>countersign::ui::SignInDialog</name>
    <message>
        <source>Sign in to Countersign</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in with the account your Countersign administrator gave you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the server&apos;s address, e.g. https://countersign.example.com or http://127.0.0.1:8765.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter your user name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter your password.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>countersign::ui::SystemTrayIcon</name>
    <message>
        <source>Countersign: nothing to approve</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Countersign: %n approval(s) waiting</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>countersign::ui::TrayController</name>
    <message>
        <source>&amp;Open Countersign</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Pause notifications</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reminder: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Escalated to you: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revised: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New approval: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · priority %2 · route %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Countersign: approve, edit or reject what AI agents produce.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server address, e.g. http://127.0.0.1:8765.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User name to sign in with.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in at once with the password in this environment variable (for demos and kiosks; never pass a password as an argument).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start in the tray.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
