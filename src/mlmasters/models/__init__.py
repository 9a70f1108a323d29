"""The models: pure computations over the catalog and a person's profile.

``assess`` (readiness, skills, careers, paths), ``plan`` (term plan, time to degree), ``roi``
(the causal return, NPV distribution) and ``rank`` (criteria, scores, robustness), with
``scenario`` resolving the one person and program the others compute for. Models import the
catalog, data and shared lower pieces, never the service or a surface (docs/architecture.md).
"""
