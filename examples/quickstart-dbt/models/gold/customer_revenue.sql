-- Gold: revenue per customer over completed orders.
select
    customer_id,
    min(customer_name)  as customer_name,
    min(country_code)   as country_code,
    count(*)            as completed_orders,
    sum(amount)         as revenue,
    min(ordered_on)     as first_order_on,
    max(ordered_on)     as last_order_on
from {{ ref('stg_orders') }}
where status = 'completed'
group by customer_id
