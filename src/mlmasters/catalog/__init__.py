"""The program catalog: federal rows joined with the curated layer and user-added programs."""
