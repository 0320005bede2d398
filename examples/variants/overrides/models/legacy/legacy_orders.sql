-- Old-warehouse name; excused from naming until 2099-12-31.
select distinct order_id, customer_id
from {{ ref('bronze_invoices') }}
