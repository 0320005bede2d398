{{ config(materialized='table', tags=['certified']) }}

select
    customer_id,
    count(*)    as completed_orders,
    sum(amount) as revenue
from {{ ref('silver_orders') }}
where status = 'completed'
group by customer_id
