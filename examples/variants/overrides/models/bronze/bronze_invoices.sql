select invoice_id, customer_id, order_id, issued_on, amount
from {{ ref('raw_invoices') }}
