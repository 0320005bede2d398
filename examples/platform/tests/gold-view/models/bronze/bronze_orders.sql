select
    order_id,
    customer_id,
    order_date,
    lower(status) as status,
    amount
from {{ ref('raw_orders') }}
