-- Bronze: the CRM export, typed and trimmed; one row per customer.
select
    customer_id,
    trim(first_name)    as first_name,
    trim(last_name)     as last_name,
    trim(email)         as email,
    upper(country_code) as country_code,
    signup_date,
    lower(segment)      as segment
from {{ source('raw', 'raw_customers') }}
