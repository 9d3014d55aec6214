"""Who said what across every article read: sources, echoes and verdicts that follow a claim.

The core of it, without any user interface:

- `quotes`, `names`, `figures`: what makes two claims or two sources the same
  (a quotation normalised, a name reduced to its person, a figure read as a number);
- `entry` and `build`: one article's part of the cross-article index (metadata,
  claims with their sources, quotations and figures), computed once per content hash;
- `index`: the index itself, kept per article in the cache directory, never in
  the notes database, with the user's claims from the store laid over it;
- `sources`, `links`, `echoes`, `verdicts`, `timeline`: what the index answers;
- `adding`: `tui-reader add`, articles put into the library without reading them;
- `commands`: the command-line subcommands; `evaluate`: echoes and merging measured.
"""
