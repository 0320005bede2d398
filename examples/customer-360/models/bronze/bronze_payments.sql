-- Bronze: payments as captured; one row per payment (an order may have several).
select
    payment_id,
    order_id,
    lower(payment_method) as payment_method,
    cast(amount as decimal(10, 2)) as amount,
    paid_at
from {{ source('raw', 'raw_payments') }}
