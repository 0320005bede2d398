-- Old-warehouse name; naming downgraded to a warning until 2099-12-31.
select customer_id, customer_name
from {{ ref('raw_legacy_customers') }}
