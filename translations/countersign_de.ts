<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>DecisionNotice</name>
    <message>
        <source>Escalated to %1 at %2: it is no longer yours to decide.</source>
        <translation>Um %2 an %1 eskaliert: Die Entscheidung liegt nicht mehr bei Ihnen.</translation>
    </message>
    <message>
        <source>Routed to %1 at %2: it is no longer yours to decide.</source>
        <translation>Um %2 an %1 weitergeleitet: Die Entscheidung liegt nicht mehr bei Ihnen.</translation>
    </message>
    <message>
        <source>Expired at %1 without a decision.</source>
        <translation>Um %1 ohne Entscheidung abgelaufen.</translation>
    </message>
    <message>
        <source>Cancelled by the agent at %1.</source>
        <translation>Um %1 vom Agenten zurückgezogen.</translation>
    </message>
    <message>
        <source>Sent back for revision by %1 at %2: waiting for the agent&apos;s next version.</source>
        <translation>Von %1 um %2 zur Überarbeitung zurückgegeben: Warten auf die nächste Version des Agenten.</translation>
    </message>
    <message>
        <source>%1 by %2 at %3.</source>
        <translation>%1 von %2 um %3.</translation>
    </message>
</context>
<context>
    <name>JsonFields</name>
    <message>
        <source>(empty)</source>
        <translation>(leer)</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>Pending</source>
        <translation>Offen</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Freigegeben</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>Revision requested</source>
        <translation>Überarbeitung angefordert</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Abgelaufen</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Zurückgezogen</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>Niedrig</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>Normal</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Hoch</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>Kritisch</translation>
    </message>
    <message>
        <source>Approved with edits</source>
        <translation>Mit Änderungen freigegeben</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>Eingereicht</translation>
    </message>
    <message>
        <source>Routed</source>
        <translation>Zugewiesen</translation>
    </message>
    <message>
        <source>Notified</source>
        <translation>Benachrichtigt</translation>
    </message>
    <message>
        <source>Viewed</source>
        <translation>Angesehen</translation>
    </message>
    <message>
        <source>Decided</source>
        <translation>Entschieden</translation>
    </message>
    <message>
        <source>Escalated</source>
        <translation>Eskaliert</translation>
    </message>
    <message>
        <source>Revised by the agent</source>
        <translation>Vom Agenten überarbeitet</translation>
    </message>
    <message>
        <source>Reminder sent</source>
        <translation>Erinnerung gesendet</translation>
    </message>
    <message>
        <source>Notification skipped</source>
        <translation>Benachrichtigung übersprungen</translation>
    </message>
    <message>
        <source>Delivery to the agent failed, retrying</source>
        <translation>Zustellung an den Agenten fehlgeschlagen, neuer Versuch folgt</translation>
    </message>
    <message>
        <source>Decision delivered to the agent</source>
        <translation>Entscheidung an den Agenten zugestellt</translation>
    </message>
    <message>
        <source>Refused decision attempt</source>
        <translation>Abgewiesener Entscheidungsversuch</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 T %2 Std.</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 Std. %2 Min.</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 Min.</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>overdue by %1</source>
        <translation>seit %1 überfällig</translation>
    </message>
    <message>
        <source>due in %1</source>
        <translation>fällig in %1</translation>
    </message>
    <message>
        <source>someone else decided it first, or it changed meanwhile</source>
        <translation>jemand anderes hat zuerst entschieden, oder sie hat sich inzwischen geändert</translation>
    </message>
    <message>
        <source>your roles do not allow you to decide it</source>
        <translation>Ihre Rollen erlauben Ihnen diese Entscheidung nicht</translation>
    </message>
    <message>
        <source>the server no longer has it</source>
        <translation>der Server hat sie nicht mehr</translation>
    </message>
    <message>
        <source>the server found the decision incomplete or invalid</source>
        <translation>der Server hält die Entscheidung für unvollständig oder ungültig</translation>
    </message>
    <message>
        <source>it has reached the most revisions its agent allows</source>
        <translation>sie hat die höchste Zahl an Überarbeitungen erreicht, die ihr Agent erlaubt</translation>
    </message>
    <message>
        <source>it is not waiting for a revision</source>
        <translation>sie wartet nicht auf eine Überarbeitung</translation>
    </message>
    <message>
        <source>the server could not take it just now; try again</source>
        <translation>der Server konnte sie gerade nicht annehmen; versuchen Sie es erneut</translation>
    </message>
    <message>
        <source>the session has ended; sign in again</source>
        <translation>die Sitzung ist beendet; melden Sie sich erneut an</translation>
    </message>
    <message>
        <source>the server refused it</source>
        <translation>der Server hat sie abgelehnt</translation>
    </message>
    <message>
        <source>the server refused it (%1)</source>
        <translation>der Server hat sie abgelehnt (%1)</translation>
    </message>
    <message>
        <source>%1%</source>
        <extracomment>A percentage; %1 is the number already in the language&apos;s format. German puts a space before %.</extracomment>
        <translation>%1&#xa0;%</translation>
    </message>
    <message>
        <source>Reassigned</source>
        <translation>Weitergegeben</translation>
    </message>
</context>
<context>
    <name>countersign::client::Connection</name>
    <message>
        <source>The server stopped answering (no pong within %1 ms).</source>
        <translation>Der Server antwortet nicht mehr (kein Pong innerhalb von %1 ms).</translation>
    </message>
    <message>
        <source>signed out</source>
        <translation>abgemeldet</translation>
    </message>
    <message>
        <source>signing in</source>
        <translation>Anmeldung läuft</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>verbinde</translation>
    </message>
    <message>
        <source>syncing</source>
        <translation>synchronisiere</translation>
    </message>
    <message>
        <source>online</source>
        <translation>online</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>offline</translation>
    </message>
    <message>
        <source>sign-in failed</source>
        <translation>Anmeldung fehlgeschlagen</translation>
    </message>
    <message>
        <source>Disconnected from %1: %2.</source>
        <translation>Verbindung zu %1 getrennt: %2.</translation>
    </message>
</context>
<context>
    <name>countersign::client::RestFailure</name>
    <message>
        <source>The server&apos;s TLS certificate is not trusted (%1). If the server uses its own certificate authority, start the app with COUNTERSIGN_CA_FILE set to that CA&apos;s PEM file.</source>
        <translation>Dem TLS-Zertifikat des Servers wird nicht vertraut (%1). Verwendet der Server eine eigene Zertifizierungsstelle, starten Sie die App mit COUNTERSIGN_CA_FILE, gesetzt auf die PEM-Datei dieser Zertifizierungsstelle.</translation>
    </message>
    <message>
        <source>Not signed in.</source>
        <translation>Nicht angemeldet.</translation>
    </message>
    <message>
        <source>The session has ended; sign in again.</source>
        <translation>Die Sitzung ist beendet; bitte erneut anmelden.</translation>
    </message>
    <message>
        <source>The server at %1 did not answer in time.</source>
        <translation>Der Server unter %1 hat nicht rechtzeitig geantwortet.</translation>
    </message>
    <message>
        <source>Cannot reach %1: %2.</source>
        <translation>%1 ist nicht erreichbar: %2.</translation>
    </message>
    <message>
        <source>Wrong user name or password.</source>
        <translation>Falscher Benutzername oder falsches Passwort.</translation>
    </message>
    <message>
        <source>Too many sign-in attempts; wait a minute and try again.</source>
        <translation>Zu viele Anmeldeversuche; bitte eine Minute warten und erneut versuchen.</translation>
    </message>
    <message>
        <source>Your roles do not allow this.</source>
        <translation>Ihre Rollen erlauben das nicht.</translation>
    </message>
    <message>
        <source>The server answered HTTP %1%2.</source>
        <translation>Der Server hat mit HTTP %1%2 geantwortet.</translation>
    </message>
    <message>
        <source>The server at %1 cannot reach its database just now. Countersign keeps trying; decisions stay queued until it is back.</source>
        <translation>Der Server unter %1 erreicht seine Datenbank gerade nicht. Countersign versucht es weiter; Entscheidungen bleiben in der Warteschlange, bis er wieder da ist.</translation>
    </message>
</context>
<context>
    <name>countersign::client::SyncEngine</name>
    <message>
        <source>The local cache could not be emptied for the server&apos;s new database.</source>
        <translation>Der lokale Zwischenspeicher konnte für die neue Datenbank des Servers nicht geleert werden.</translation>
    </message>
</context>
<context>
    <name>countersign::ui::ApprovalDelegate</name>
    <message>
        <source>queued</source>
        <translation>wartet auf Versand</translation>
    </message>
</context>
<context>
    <name>countersign::ui::ApprovalDetailView</name>
    <message>
        <source>Tick each criterion as you check it (for your own review; not sent)</source>
        <translation>Haken Sie jedes Kriterium ab, wenn Sie es geprüft haben (nur für Ihre Prüfung; wird nicht gesendet)</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>Kontext</translation>
    </message>
    <message>
        <source>Approval criteria</source>
        <translation>Freigabekriterien</translation>
    </message>
    <message>
        <source>Context &amp;&amp; criteria</source>
        <translation>Kontext &amp;&amp; Kriterien</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>Metadata</source>
        <translation>Metadaten</translation>
    </message>
    <message>
        <source>Nothing selected</source>
        <translation>Nichts ausgewählt</translation>
    </message>
    <message>
        <source>%1 · %2 priority · route %3 · %4 · version %5</source>
        <translation>%1 · Priorität %2 · Rolle %3 · %4 · Version %5</translation>
    </message>
    <message>
        <source>%1 by %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>The agent gave no criteria.</source>
        <translation>Der Agent hat keine Kriterien angegeben.</translation>
    </message>
    <message>
        <source>Choose an approval in the list to see what the agent produced.</source>
        <translation>Wählen Sie eine Freigabe in der Liste, um zu sehen, was der Agent erstellt hat.</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>Shown: the output as approved with %1&apos;s edits. History compares it with the agent&apos;s version.</source>
        <translation>Angezeigt: das Ergebnis, wie es mit den Änderungen von %1 freigegeben wurde. Der Verlauf vergleicht es mit der Fassung des Agenten.</translation>
    </message>
</context>
<context>
    <name>countersign::ui::ConnectionIndicator</name>
    <message>
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>Synchronisiere…</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbinde…</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Signed out: sign in again</source>
        <translation>Abgemeldet: bitte erneut anmelden</translation>
    </message>
    <message>
        <source>Signed out</source>
        <translation>Abgemeldet</translation>
    </message>
    <message numerus="yes">
        <source>%n decision(s) queued</source>
        <translation>
            <numerusform>%n Entscheidung wartet auf Versand</numerusform>
            <numerusform>%n Entscheidungen warten auf Versand</numerusform>
        </translation>
    </message>
    <message>
        <source>Reconnect now</source>
        <translation>Jetzt neu verbinden</translation>
    </message>
    <message>
        <source>Try to reach the server now instead of waiting for the next attempt.</source>
        <translation>Den Server jetzt erreichen, statt auf den nächsten Versuch zu warten.</translation>
    </message>
    <message>
        <source>Sign in…</source>
        <translation>Anmelden…</translation>
    </message>
    <message>
        <source>Offline: sign in when the server is back</source>
        <translation>Offline: Anmeldung, sobald der Server wieder erreichbar ist</translation>
    </message>
    <message>
        <source>Offline: server unavailable</source>
        <translation>Offline: Server nicht verfügbar</translation>
    </message>
</context>
<context>
    <name>countersign::ui::DecidedView</name>
    <message>
        <source>Search decided items (title, agent, output)</source>
        <translation>Entschiedene Freigaben durchsuchen (Titel, Agent, Ergebnis)</translation>
    </message>
    <message>
        <source>Every outcome</source>
        <translation>Jedes Ergebnis</translation>
    </message>
    <message numerus="yes">
        <source>%n decided item(s)</source>
        <translation>
            <numerusform>%n entschiedene Freigabe</numerusform>
            <numerusform>%n entschiedene Freigaben</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>countersign::ui::DecisionPanel</name>
    <message>
        <source>&amp;Approve</source>
        <translation>&amp;Freigeben</translation>
    </message>
    <message>
        <source>&amp;Edit then approve</source>
        <translation>&amp;Bearbeiten und freigeben</translation>
    </message>
    <message>
        <source>Cancel edit</source>
        <translation>Bearbeitung abbrechen</translation>
    </message>
    <message>
        <source>Re&amp;ject…</source>
        <translation>&amp;Ablehnen…</translation>
    </message>
    <message>
        <source>Request &amp;revision</source>
        <translation>Überarbeitung anfo&amp;rdern</translation>
    </message>
    <message>
        <source>Feedback for the agent: required to reject or to request a revision</source>
        <translation>Rückmeldung an den Agenten: nötig zum Ablehnen oder um eine Überarbeitung anzufordern</translation>
    </message>
    <message>
        <source>Approve the output as it is (Ctrl+Return)</source>
        <translation>Das Ergebnis unverändert freigeben (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>Correct the output yourself, then approve it (Ctrl+E)</source>
        <translation>Das Ergebnis selbst korrigieren und dann freigeben (Strg+E)</translation>
    </message>
    <message>
        <source>Reject with a reason (Ctrl+Shift+J)</source>
        <translation>Mit Begründung ablehnen (Strg+Umschalt+J)</translation>
    </message>
    <message>
        <source>Send it back to the agent with your feedback (Ctrl+R)</source>
        <translation>Mit Ihrer Rückmeldung an den Agenten zurückgeben (Strg+R)</translation>
    </message>
    <message>
        <source>The agent sent version %1 while you were editing version %2: sending now will be refused as a conflict. Cancel the edit to see the new version.</source>
        <translation>Der Agent hat Version %1 geschickt, während Sie Version %2 bearbeitet haben: Ein Senden jetzt würde als Konflikt abgewiesen. Brechen Sie die Bearbeitung ab, um die neue Version zu sehen.</translation>
    </message>
    <message>
        <source>Review edits and &amp;approve…</source>
        <translation>Änderungen prüfen und &amp;freigeben…</translation>
    </message>
    <message>
        <source>Your decision is queued and will be sent when the connection is back.</source>
        <translation>Ihre Entscheidung wartet und wird gesendet, sobald die Verbindung wieder besteht.</translation>
    </message>
    <message>
        <source>Revision rounds used: %1 of %2</source>
        <translation>Überarbeitungsrunden: %1 von %2</translation>
    </message>
    <message>
        <source>Nothing is edited yet. Change the output, or cancel the edit and approve it as it is.</source>
        <translation>Noch nichts geändert. Ändern Sie das Ergebnis, oder brechen Sie die Bearbeitung ab und geben Sie es unverändert frei.</translation>
    </message>
    <message>
        <source>Write the reason for the rejection first: the agent receives it.</source>
        <translation>Schreiben Sie zuerst den Grund der Ablehnung: Der Agent erhält ihn.</translation>
    </message>
    <message>
        <source>Reject this approval?</source>
        <translation>Diese Freigabe ablehnen?</translation>
    </message>
    <message>
        <source>“%1” will be rejected with the reason:

%2

The agent is told at once; this cannot be undone.</source>
        <translation>„%1“ wird abgelehnt mit der Begründung:

%2

Der Agent erfährt es sofort; das lässt sich nicht rückgängig machen.</translation>
    </message>
    <message>
        <source>Write what the agent should change first: it revises from your feedback.</source>
        <translation>Schreiben Sie zuerst, was der Agent ändern soll: Er überarbeitet anhand Ihrer Rückmeldung.</translation>
    </message>
    <message>
        <source>The agent continues with:</source>
        <translation>Der Agent macht weiter mit:</translation>
    </message>
    <message>
        <source>Decide “%1” (recorded as: %2)</source>
        <translation>„%1“ entscheiden (erfasst als: %2)</translation>
    </message>
    <message>
        <source>Write your feedback first: “%1” sends it to the agent.</source>
        <translation>Schreiben Sie zuerst Ihre Rückmeldung: „%1“ sendet sie an den Agenten.</translation>
    </message>
    <message>
        <source>“%1” will end as “%2” with the reason:

%3

The agent is told at once; this cannot be undone.</source>
        <translation>„%1“ endet als „%2“ mit der Begründung:

%3

Der Agent wird sofort informiert; das lässt sich nicht rückgängig machen.</translation>
    </message>
    <message>
        <source>Discard your edit?</source>
        <translation>Ihre Bearbeitung verwerfen?</translation>
    </message>
    <message>
        <source>Your changes to the output are not sent and will be lost.</source>
        <translation>Ihre Änderungen an der Ausgabe werden nicht gesendet und gehen verloren.</translation>
    </message>
    <message>
        <source>Your edit was not sent. It stays here to read and copy until you close it or move on.</source>
        <translation>Ihre Bearbeitung wurde nicht gesendet. Sie bleibt hier zum Lesen und Kopieren, bis Sie sie schließen oder weitergehen.</translation>
    </message>
    <message>
        <source>Close edit</source>
        <translation>Bearbeitung schließen</translation>
    </message>
    <message>
        <source>A note for the agent with your edit (optional)</source>
        <translation>Eine Notiz für den Agenten zu Ihrer Bearbeitung (optional)</translation>
    </message>
</context>
<context>
    <name>countersign::ui::DesktopApp</name>
    <message>
        <source>No keychain is available: you will be asked to sign in again at the next start.</source>
        <translation>Kein Schlüsselbund verfügbar: Beim nächsten Start werden Sie erneut nach der Anmeldung gefragt.</translation>
    </message>
    <message>
        <source>This desktop has no system tray: Countersign runs as a normal window, and closing it quits.</source>
        <translation>Diese Arbeitsumgebung hat keinen Infobereich: Countersign läuft als normales Fenster, und Schließen beendet es.</translation>
    </message>
    <message>
        <source>The new language applies at the next start (an edit is open).</source>
        <translation>Die neue Sprache gilt ab dem nächsten Start (eine Bearbeitung ist offen).</translation>
    </message>
    <message>
        <source>The server is reachable again: sign in to send your queued decisions and receive new approvals.</source>
        <translation>Der Server ist wieder erreichbar: Melden Sie sich an, um Ihre wartenden Entscheidungen zu senden und neue Freigaben zu erhalten.</translation>
    </message>
</context>
<context>
    <name>countersign::ui::DesktopNotifications</name>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
</context>
<context>
    <name>countersign::ui::DiffView</name>
    <message>
        <source>Show unchanged text in full</source>
        <translation>Unveränderten Text vollständig zeigen</translation>
    </message>
    <message>
        <source>No changes.</source>
        <translation>Keine Änderungen.</translation>
    </message>
    <message numerus="yes">
        <source>%n field(s) changed.</source>
        <translation>
            <numerusform>%n Feld geändert.</numerusform>
            <numerusform>%n Felder geändert.</numerusform>
        </translation>
    </message>
    <message>
        <source>Unchanged: %1.</source>
        <translation>Unverändert: %1.</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>geändert</translation>
    </message>
    <message>
        <source>added</source>
        <translation>hinzugefügt</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>entfernt</translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation>unverändert</translation>
    </message>
    <message numerus="yes">
        <source>[… %Ln unchanged character(s) …]</source>
        <translation>
            <numerusform>[… %Ln unverändertes Zeichen …]</numerusform>
            <numerusform>[… %Ln unveränderte Zeichen …]</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>countersign::ui::EditReviewDialog</name>
    <message>
        <source>Approve with your edits?</source>
        <translation>Mit Ihren Änderungen freigeben?</translation>
    </message>
    <message>
        <source>Approve with these edits</source>
        <translation>Mit diesen Änderungen freigeben</translation>
    </message>
    <message>
        <source>Back to editing</source>
        <translation>Zurück zur Bearbeitung</translation>
    </message>
    <message>
        <source>Struck-through text is the agent&apos;s, removed by you; highlighted text is yours.</source>
        <translation>Durchgestrichener Text stammt vom Agenten und wurde von Ihnen entfernt; hervorgehobener Text ist Ihrer.</translation>
    </message>
</context>
<context>
    <name>countersign::ui::FilterBar</name>
    <message>
        <source>Search title, agent and output (Ctrl+F)</source>
        <translation>Titel, Agent und Ergebnis durchsuchen (Strg+F)</translation>
    </message>
    <message>
        <source>Oldest first</source>
        <translation>Älteste zuerst</translation>
    </message>
    <message>
        <source>Most urgent first</source>
        <translation>Dringendste zuerst</translation>
    </message>
    <message>
        <source>Nearest deadline first</source>
        <translation>Nächste Frist zuerst</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>Alle Status</translation>
    </message>
    <message>
        <source>All priorities</source>
        <translation>Alle Prioritäten</translation>
    </message>
    <message>
        <source>All routes</source>
        <translation>Alle Rollen</translation>
    </message>
    <message>
        <source>All agents</source>
        <translation>Alle Agenten</translation>
    </message>
</context>
<context>
    <name>countersign::ui::GripSplitter</name>
    <message>
        <source>Drag to resize</source>
        <translation>Ziehen, um die Größe zu ändern</translation>
    </message>
</context>
<context>
    <name>countersign::ui::HistoryView</name>
    <message>
        <source>to %1</source>
        <translation>an %1</translation>
    </message>
    <message>
        <source>rule “%1”</source>
        <translation>Regel „%1“</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Wer</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Was</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Compare version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>with</source>
        <translation>vergleichen mit</translation>
    </message>
    <message>
        <source>v%1</source>
        <translation>v%1</translation>
    </message>
    <message>
        <source>with edits</source>
        <translation>mit Änderungen</translation>
    </message>
    <message>
        <source>as approved with %1&apos;s edits</source>
        <translation>wie mit den Änderungen von %1 freigegeben</translation>
    </message>
    <message>
        <source>v%1 (the agent&apos;s latest)</source>
        <translation>v%1 (die letzte des Agenten)</translation>
    </message>
    <message>
        <source>There is one version only: the agent has not revised this output, and it was not edited.</source>
        <translation>Es gibt nur eine Version: Der Agent hat dieses Ergebnis nicht überarbeitet, und es wurde nicht bearbeitet.</translation>
    </message>
</context>
<context>
    <name>countersign::ui::JsonTree</name>
    <message>
        <source>Field</source>
        <translation>Feld</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n Eintrag</numerusform>
            <numerusform>%n Einträge</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n field(s)</source>
        <translation>
            <numerusform>%n Feld</numerusform>
            <numerusform>%n Felder</numerusform>
        </translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>Open in your browser: %1</source>
        <translation>Im Browser öffnen: %1</translation>
    </message>
</context>
<context>
    <name>countersign::ui::MainWindow</name>
    <message>
        <source>Dismiss</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>A decision was not taken: %1</source>
        <translation>Eine Entscheidung wurde nicht übernommen: %1</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>&amp;Abmelden</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Ctrl+Q</source>
        <translation>Ctrl+Q</translation>
    </message>
    <message>
        <source>&amp;Approval</source>
        <translation>&amp;Freigabe</translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation>&amp;Freigeben</translation>
    </message>
    <message>
        <source>Ctrl+Return</source>
        <translation>Ctrl+Return</translation>
    </message>
    <message>
        <source>Ctrl+Enter</source>
        <translation>Ctrl+Enter</translation>
    </message>
    <message>
        <source>&amp;Edit then approve</source>
        <translation>&amp;Bearbeiten und freigeben</translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <source>Re&amp;ject…</source>
        <translation>&amp;Ablehnen…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+J</source>
        <translation>Ctrl+Shift+J</translation>
    </message>
    <message>
        <source>Request &amp;revision</source>
        <translation>Überarbeitung anfo&amp;rdern</translation>
    </message>
    <message>
        <source>Ctrl+R</source>
        <translation>Ctrl+R</translation>
    </message>
    <message>
        <source>&amp;Next in queue</source>
        <translation>&amp;Nächste in der Liste</translation>
    </message>
    <message>
        <source>Ctrl+J</source>
        <translation>Ctrl+J</translation>
    </message>
    <message>
        <source>Alt+Down</source>
        <translation>Alt+Down</translation>
    </message>
    <message>
        <source>&amp;Previous in queue</source>
        <translation>&amp;Vorherige in der Liste</translation>
    </message>
    <message>
        <source>Ctrl+K</source>
        <translation>Ctrl+K</translation>
    </message>
    <message>
        <source>Alt+Up</source>
        <translation>Alt+Up</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>&amp;Suchen</translation>
    </message>
    <message>
        <source>%1: sent</source>
        <translation>%1: gesendet</translation>
    </message>
    <message>
        <source>%1: queued; it is sent when the connection is back</source>
        <translation>%1: wartet; wird gesendet, sobald die Verbindung wieder besteht</translation>
    </message>
    <message>
        <source>Your decision “%1” on “%2” was not taken: %3.</source>
        <translation>Ihre Entscheidung „%1“ zu „%2“ wurde nicht übernommen: %3.</translation>
    </message>
    <message>
        <source>It stands as “%1” by %2.</source>
        <translation>Es gilt „%1“ von %2.</translation>
    </message>
    <message>
        <source>It is now “%1”.</source>
        <translation>Der Stand ist jetzt „%1“.</translation>
    </message>
    <message numerus="yes">
        <source>(%n more not taken)</source>
        <translation>
            <numerusform>(%n weitere nicht übernommen)</numerusform>
            <numerusform>(%n weitere nicht übernommen)</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Queue</source>
        <translation>&amp;Warteschlange</translation>
    </message>
    <message>
        <source>&amp;History</source>
        <translation>&amp;Verlauf</translation>
    </message>
    <message>
        <source>&amp;Metrics</source>
        <translation>&amp;Kennzahlen</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>Ctrl+1</source>
        <translation>Ctrl+1</translation>
    </message>
    <message>
        <source>Ctrl+2</source>
        <translation>Ctrl+2</translation>
    </message>
    <message>
        <source>Ctrl+3</source>
        <translation>Ctrl+3</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 auf %2</translation>
    </message>
    <message>
        <source>&amp;Reconnect now</source>
        <translation>Jetzt neu &amp;verbinden</translation>
    </message>
    <message>
        <source>Your decision was not saved: the copy of the queue on this computer could not be written (is the disk full?). Nothing was sent and the approval still waits for you. Try again.</source>
        <translation>Ihre Entscheidung wurde nicht gespeichert: Die Kopie der Warteschlange auf diesem Computer konnte nicht geschrieben werden (ist der Datenträger voll?). Es wurde nichts gesendet, und die Freigabe wartet weiter auf Sie. Bitte versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>%1: NOT saved, nothing was sent</source>
        <translation>%1: NICHT gespeichert, nichts wurde gesendet</translation>
    </message>
    <message>
        <source>The selection changed before the decision; nothing was decided.</source>
        <translation>Die Auswahl hat sich vor der Entscheidung geändert; es wurde nichts entschieden.</translation>
    </message>
    <message>
        <source>The server now serves another database: the approvals shown before were replaced by its own.</source>
        <translation>Der Server bedient jetzt eine andere Datenbank: Die bisher angezeigten Freigaben wurden durch ihre ersetzt.</translation>
    </message>
</context>
<context>
    <name>countersign::ui::MetricsView</name>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Offen</translation>
    </message>
    <message>
        <source>Oldest pending</source>
        <translation>Älteste offene</translation>
    </message>
    <message>
        <source>Decisions</source>
        <translation>Entscheidungen</translation>
    </message>
    <message>
        <source>Average time</source>
        <translation>Mittlere Dauer</translation>
    </message>
    <message>
        <source>90% within</source>
        <translation>90 % innerhalb</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Abgelaufen</translation>
    </message>
    <message>
        <source>Approver</source>
        <translation>Prüfer</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Letzte 24 Stunden</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Letzte 30 Tage</translation>
    </message>
    <message>
        <source>Last 90 days</source>
        <translation>Letzte 90 Tage</translation>
    </message>
    <message>
        <source>Period:</source>
        <translation>Zeitraum:</translation>
    </message>
    <message>
        <source>How approvals closed</source>
        <translation>Wie Freigaben endeten</translation>
    </message>
    <message>
        <source>Routes, bottlenecks first</source>
        <translation>Rollen, Engpässe zuerst</translation>
    </message>
    <message>
        <source>Approvers</source>
        <translation>Prüfer</translation>
    </message>
    <message>
        <source>Not loaded yet.</source>
        <translation>Noch nicht geladen.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>Metrics are not available: %1</source>
        <translation>Kennzahlen sind nicht verfügbar: %1</translation>
    </message>
    <message>
        <source>As of %1.</source>
        <translation>Stand: %1.</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Abgeschlossen</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Freigegeben</translation>
    </message>
    <message>
        <source>%1 (%2 with edits)</source>
        <translation>%1 (%2 mit Änderungen)</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>Sent back for revision</source>
        <translation>Zur Überarbeitung zurückgegeben</translation>
    </message>
    <message>
        <source>Time to decision, average</source>
        <translation>Zeit bis zur Entscheidung, Mittel</translation>
    </message>
    <message>
        <source>Time to decision, 90% within</source>
        <translation>Zeit bis zur Entscheidung, 90 % innerhalb</translation>
    </message>
    <message>
        <source>Revision rounds per finished task</source>
        <translation>Überarbeitungsrunden je abgeschlossener Aufgabe</translation>
    </message>
    <message>
        <source>Revision</source>
        <translation>Überarbeitung</translation>
    </message>
</context>
<context>
    <name>countersign::ui::OutputEditor</name>
    <message>
        <source>A JSON value (a number, true/false, a list in [ ] or an object in { })</source>
        <translation>Ein JSON-Wert (eine Zahl, true/false, eine Liste in [ ] oder ein Objekt in { })</translation>
    </message>
    <message>
        <source>The output is not valid JSON.</source>
        <translation>Das Ergebnis ist kein gültiges JSON.</translation>
    </message>
    <message>
        <source>The field “%1” is not a valid JSON value.</source>
        <translation>Das Feld „%1“ ist kein gültiger JSON-Wert.</translation>
    </message>
</context>
<context>
    <name>countersign::ui::OutputView</name>
    <message>
        <source>Raw JSON</source>
        <translation>JSON-Rohdaten</translation>
    </message>
    <message>
        <source>Reading</source>
        <translation>Lesen</translation>
    </message>
    <message>
        <source>Tree</source>
        <translation>Baum</translation>
    </message>
    <message>
        <source>Open in window</source>
        <translation>In eigenem Fenster öffnen</translation>
    </message>
    <message>
        <source>Ctrl+Shift+O</source>
        <translation>Ctrl+Shift+O</translation>
    </message>
    <message>
        <source>Read the output in a window of its own (%1)</source>
        <translation>Das Ergebnis in einem eigenen Fenster lesen (%1)</translation>
    </message>
</context>
<context>
    <name>countersign::ui::SettingsDialog</name>
    <message>
        <source>Start minimized to the tray</source>
        <translation>Minimiert im Infobereich starten</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <source>Notify me of new approvals with priority</source>
        <translation>Bei neuen Freigaben benachrichtigen mit Priorität</translation>
    </message>
    <message>
        <source>Server:</source>
        <translation>Server:</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Sprache:</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Same as the system</source>
        <translation>Wie das System</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <source>Appearance:</source>
        <translation>Erscheinungsbild:</translation>
    </message>
    <message>
        <source>Language and appearance change at once; a new server is used at the next sign-in.</source>
        <translation>Sprache und Erscheinungsbild ändern sich sofort; ein neuer Server gilt ab der nächsten Anmeldung.</translation>
    </message>
</context>
<context>
    <name>countersign::ui::SignInDialog</name>
    <message>
        <source>Sign in</source>
        <translation>Anmelden</translation>
    </message>
    <message>
        <source>Sign in with the account your Countersign administrator gave you.</source>
        <translation>Melden Sie sich mit dem Konto an, das Sie von Ihrer Countersign-Administration erhalten haben.</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>&amp;Server:</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>&amp;Benutzername:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Anmeldung läuft…</translation>
    </message>
    <message>
        <source>Enter the server&apos;s address, e.g. https://countersign.example.com or http://127.0.0.1:8765.</source>
        <translation>Geben Sie die Adresse des Servers ein, z. B. https://countersign.example.com oder http://127.0.0.1:8765.</translation>
    </message>
    <message>
        <source>Enter your user name.</source>
        <translation>Geben Sie Ihren Benutzernamen ein.</translation>
    </message>
    <message>
        <source>Enter your password.</source>
        <translation>Geben Sie Ihr Passwort ein.</translation>
    </message>
</context>
<context>
    <name>countersign::ui::SystemTrayIcon</name>
    <message>
        <source>Countersign: nothing to approve</source>
        <translation>Countersign: nichts freizugeben</translation>
    </message>
    <message numerus="yes">
        <source>Countersign: %n approval(s) waiting</source>
        <translation>
            <numerusform>Countersign: %n Freigabe wartet</numerusform>
            <numerusform>Countersign: %n Freigaben warten</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>countersign::ui::TrayController</name>
    <message>
        <source>&amp;Open Countersign</source>
        <translation>Countersign ö&amp;ffnen</translation>
    </message>
    <message>
        <source>&amp;Pause notifications</source>
        <translation>Benachrichtigungen &amp;pausieren</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Reminder: %1</source>
        <translation>Erinnerung: %1</translation>
    </message>
    <message>
        <source>Escalated to you: %1</source>
        <translation>An Sie eskaliert: %1</translation>
    </message>
    <message>
        <source>Revised: %1</source>
        <translation>Überarbeitet: %1</translation>
    </message>
    <message>
        <source>New approval: %1</source>
        <translation>Neue Freigabe: %1</translation>
    </message>
    <message>
        <source>%1 · priority %2 · route %3</source>
        <translation>%1 · Priorität %2 · Rolle %3</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Countersign: approve, edit or reject what AI agents produce.</source>
        <translation>Countersign: freigeben, bearbeiten oder ablehnen, was KI-Agenten erstellen.</translation>
    </message>
    <message>
        <source>Server address, e.g. http://127.0.0.1:8765.</source>
        <translation>Adresse des Servers, z. B. http://127.0.0.1:8765.</translation>
    </message>
    <message>
        <source>User name to sign in with.</source>
        <translation>Benutzername für die Anmeldung.</translation>
    </message>
    <message>
        <source>Sign in at once with the password in this environment variable (for demos and kiosks; never pass a password as an argument).</source>
        <translation>Sofort mit dem Passwort aus dieser Umgebungsvariable anmelden (für Vorführungen und Kiosk-Geräte; ein Passwort nie als Argument übergeben).</translation>
    </message>
    <message>
        <source>Start in the tray.</source>
        <translation>Im Infobereich starten.</translation>
    </message>
</context>
</TS>
