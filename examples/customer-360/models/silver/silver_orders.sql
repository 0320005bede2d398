-- Silver: orders with what was actually paid for them; one row per order.
with paid as (
    select
        order_id,
        sum(amount) as amount_paid,
        count(*)    as payment_count
    from {{ ref('bronze_payments') }}
    group by order_id
)

select
    o.order_id,
    o.customer_id,
    o.order_date,
    o.status,
    o.order_total,
    coalesce(p.amount_paid, 0)   as amount_paid,
    coalesce(p.payment_count, 0) as payment_count,
    coalesce(p.amount_paid, 0) >= o.order_total as is_fully_paid
from {{ ref('bronze_orders') }} as o
left join paid as p on p.order_id = o.order_id
