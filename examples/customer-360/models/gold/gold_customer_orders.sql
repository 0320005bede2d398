{{ config(materialized='table', tags=['certified'], meta={'owner': 'sales-data@acme.com'}) }}

-- Gold: the order fact table for sales reporting; one row per order, with
-- the customer's segment and country at order time.
select
    o.order_id,
    o.customer_id,
    c.segment      as customer_segment,
    c.country_code,
    o.order_date,
    o.status,
    o.order_total,
    o.amount_paid,
    o.order_total - o.amount_paid as amount_outstanding,
    o.is_fully_paid
from {{ ref('silver_orders') }} as o
join {{ ref('silver_customers') }} as c on c.customer_id = o.customer_id
