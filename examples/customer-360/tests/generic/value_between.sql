{#
  value_between: every non-null value of the column lies in [min_value, max_value].
  Nulls pass (pair it with not_null when the column must be filled). The bounds
  are SQL expressions: numbers, quoted dates ("'2020-01-01'"), current_date.
#}
{% test value_between(model, column_name, min_value, max_value) %}
select {{ column_name }}
from {{ model }}
where {{ column_name }} < {{ min_value }}
   or {{ column_name }} > {{ max_value }}
{% endtest %}
