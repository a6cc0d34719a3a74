"""The feed into the administrative-reform report (báo cáo CCHC) and its PAR-index appendix."""
