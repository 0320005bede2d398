-- Should be bronze_payments: strict medallion naming rejects the stg_ prefix.
select
    payment_id,
    order_id,
    lower(payment_method) as payment_method,
    amount
from {{ ref('raw_payments') }}
