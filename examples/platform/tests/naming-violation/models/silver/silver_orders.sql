select
    order_id,
    customer_id,
    order_date,
    status,
    cast(amount as decimal(10, 2)) as amount
from {{ ref('stg_orders') }}
where status <> 'placed'
