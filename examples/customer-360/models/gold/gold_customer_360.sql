{{ config(materialized='table', tags=['certified'], meta={'owner': 'sales-data@acme.com'}) }}

-- Gold: the customer 360 view; one row per customer (also customers without
-- orders or tickets), joining what sales and support know about them.
with order_stats as (
    select
        customer_id,
        min(order_date)                                      as first_order_date,
        max(order_date)                                      as last_order_date,
        count(*)                                             as order_count,
        count(*) filter (where status = 'completed')         as completed_order_count,
        sum(order_total) filter (where status = 'completed') as lifetime_value
    from {{ ref('silver_orders') }}
    group by customer_id
),

ticket_stats as (
    select
        customer_id,
        count(*)                           as ticket_count,
        count(*) filter (where is_open)    as open_ticket_count,
        round(avg(satisfaction_score), 2)  as avg_satisfaction_score
    from {{ ref('silver_support_tickets') }}
    group by customer_id
)

select
    c.customer_id,
    c.full_name,
    c.email,
    c.country_code,
    c.segment,
    c.signup_date,
    o.first_order_date,
    o.last_order_date,
    coalesce(o.order_count, 0)           as order_count,
    coalesce(o.completed_order_count, 0) as completed_order_count,
    coalesce(o.lifetime_value, 0)        as lifetime_value,
    coalesce(t.ticket_count, 0)          as ticket_count,
    coalesce(t.open_ticket_count, 0)     as open_ticket_count,
    t.avg_satisfaction_score,
    case
        when coalesce(o.lifetime_value, 0) >= 500 then 'vip'
        when coalesce(o.lifetime_value, 0) >= 100 then 'regular'
        when o.order_count is not null          then 'occasional'
        else 'prospect'
    end as customer_tier
from {{ ref('silver_customers') }} as c
left join order_stats as o on o.customer_id = c.customer_id
left join ticket_stats as t on t.customer_id = c.customer_id
