"""Language processing without Textual: entity recognisers and the claim finder."""
