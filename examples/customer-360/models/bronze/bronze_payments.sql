-- Bronze: payments as captured; one row per payment (an order may have several).
select
    payment_id,
    order_id,
    lower(payment_method) as payment_method,
    amount,
    paid_at
from {{ ref('raw_payments') }}
