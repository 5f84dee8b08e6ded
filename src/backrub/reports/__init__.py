"""Pure renderers: domain data in, SVG/HTML/PDF/CSV/FHIR/ICS bytes out; no database."""
