"""Sources → snapshot: pinned inputs, table descriptions, the build and the verified loader."""
