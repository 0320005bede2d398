-- Old-warehouse name; its naming override expired on 2024-12-31.
select invoice_id, customer_id, amount
from {{ ref('bronze_invoices') }}
