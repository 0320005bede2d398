-- Bronze: the web shop's order headers, typed; one row per order.
select
    order_id,
    customer_id,
    order_date,
    lower(status) as status,
    cast(order_total as decimal(10, 2)) as order_total
from {{ source('raw', 'raw_orders') }}
