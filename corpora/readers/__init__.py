"""Import readers: aligned documents (TMX, InterText, bead files, our JSONL/TSV) and article pairs."""
