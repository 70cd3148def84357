# expect: DKR005@3
FROM ruby:3.3-slim@sha256:bbfe8b63bc4614d22d2f6099ecbf5b6978af24c6f43f096b786ec182bb8b033c
RUN gem install rspec -v '~> 3.13' && gem install rake -v 13.2.1
