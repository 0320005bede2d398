{{ config(materialized='table', tags=['certified']) }}

select
    payment_method,
    count(*)    as payment_count,
    sum(amount) as total_amount
from {{ ref('silver_payments') }}
group by payment_method
