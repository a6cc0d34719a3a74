"""Inspections and audits: rounds, checklists, findings, corrective actions, management reviews."""
