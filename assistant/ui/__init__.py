"""The Qt view of the assistant: thin widgets over `assistant.flows`, never any routing.

`app.run_gui` starts the desktop app; `window.MainWindow` shows one screen at a time and forwards
the customer's answers, as option ids, to a `Session`.
"""
