ERROR: bulk_insert_nonfinite.yaml:5: a non-finite float cannot be written inline
