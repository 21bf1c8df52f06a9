<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>countersign::ui::ConnectionIndicator</name>
    <message numerus="yes">
        <source>%n decision(s) queued</source>
        <translation>
            <numerusform>%n decision queued</numerusform>
            <numerusform>%n decisions queued</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>countersign::ui::DecidedView</name>
    <message numerus="yes">
        <source>%n decided item(s)</source>
        <translation>
            <numerusform>%n decided item</numerusform>
            <numerusform>%n decided items</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>countersign::ui::DiffView</name>
    <message numerus="yes">
        <source>%n field(s) changed.</source>
        <translation>
            <numerusform>%n field changed.</numerusform>
            <numerusform>%n fields changed.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>[… %Ln unchanged character(s) …]</source>
        <translation>
            <numerusform>[… %Ln unchanged character …]</numerusform>
            <numerusform>[… %Ln unchanged characters …]</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>countersign::ui::JsonTree</name>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n item</numerusform>
            <numerusform>%n items</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n field(s)</source>
        <translation>
            <numerusform>%n field</numerusform>
            <numerusform>%n fields</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>countersign::ui::MainWindow</name>
    <message numerus="yes">
        <source>(%n more not taken)</source>
        <translation>
            <numerusform>(%n more not taken)</numerusform>
            <numerusform>(%n more not taken)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>countersign::ui::SystemTrayIcon</name>
    <message numerus="yes">
        <source>Countersign: %n approval(s) waiting</source>
        <translation>
            <numerusform>Countersign: %n approval waiting</numerusform>
            <numerusform>Countersign: %n approvals waiting</numerusform>
        </translation>
    </message>
</context>
</TS>
