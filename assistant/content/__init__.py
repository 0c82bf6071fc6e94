"""Which flows the assistant shows, and how new flows replace them without risk.

Plain Python (never imports Qt), so the kiosk logic is tested without a window:

- `stamp`: `ContentStamp`, the content_version plus a short hash of the file's bytes, shown in
  the footer, the About view and every log line, so support can tell what a kiosk was showing.
- `loaded`: `LoadedContent` (a checked Flow with its stamp, where it came from and why) and
  reading a flows file once, so that the stamp and the saved copy describe the bytes parsed.
- `store`: the last-known-good copy in the user data folder, written atomically and only
  after it was checked clean.
- `source`: the start-up fallback chain (configured file -> last-known-good -> bundled) and
  `ContentUpdater`, which the kiosk polls at each idle reset.

The submodules are imported where they are used, not here: the window needs `stamp` at start,
and `loaded` brings the YAML loader with it.
"""
