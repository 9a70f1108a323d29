"""The ROI model: FREOPP's graduate ROI and a personal, risk-aware Monte Carlo (see docs/roi.md).

Pure vectorised functions (``personal``, ``engine``, ``earnings``, ``taxes``, ``freopp``)
plus boundary models (``results``); the service (``mlmasters.service.roi``) resolves a
profile and programs into their inputs. Every default and its source is in ``defaults``.
The package re-exports nothing: importing it (as every ``models.roi.X`` import does) must
stay cheap, so that ``mlmasters --help`` does not load numpy.
"""
